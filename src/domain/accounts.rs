//! Accounts, roles and token scopes as types, parsed once at the edge.
use crate::error::FieldError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// A structural check only (one `@`, a dotted domain, no spaces): whether a mailbox exists is
    /// not knowable here. Stored lower-case so that one person cannot register twice by case.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim().to_lowercase();
        let ok = s.len() <= 254
            && !s.chars().any(char::is_whitespace)
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && local.len() <= 64
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                }
                None => false,
            };
        if ok { Ok(Self(s)) } else { Err("invalid_email") }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;
/// zxcvbn's scale runs 0-4; 3 is "safely unguessable" against an online attacker and slows an
/// offline one, which is what its authors advise as the least for an account with public effect.
pub const PASSWORD_MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;

/// A password as typed; it only ever leaves this type as an argon2id hash.
pub struct Password(String);

impl Password {
    /// Long enough, and not easy to guess as zxcvbn estimates it: dictionary words, names, keyboard
    /// rows, repeats, dates, and the person's own e-mail and names (`personal`) count against it.
    pub fn parse(s: &str, personal: &[&str]) -> Result<Self, FieldError> {
        let n = s.chars().count();
        if n < PASSWORD_MIN {
            return Err(FieldError::new("/password", "password_too_short").arg("min", PASSWORD_MIN));
        }
        if n > PASSWORD_MAX {
            return Err(FieldError::new("/password", "password_too_long").arg("max", PASSWORD_MAX));
        }
        if zxcvbn::zxcvbn(s, personal).score() < PASSWORD_MIN_SCORE {
            return Err(FieldError::new("/password", "password_too_weak"));
        }
        Ok(Self(s.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A trimmed, non-empty piece of text with a maximum length in characters.
pub fn bounded_text(pointer: &str, s: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    let n = t.chars().count();
    if n == 0 && min > 0 {
        return Err(FieldError::new(pointer, "required"));
    }
    if n < min {
        return Err(FieldError::new(pointer, "too_short").arg("min", min));
    }
    if n > max {
        return Err(FieldError::new(pointer, "too_long").arg("max", max));
    }
    Ok(t.to_string())
}

/// A web address people can follow: http or https with a host.
pub fn web_url(pointer: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim();
    let rest = t.strip_prefix("https://").or_else(|| t.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && t.len() <= 500 && !t.chars().any(char::is_whitespace) => {
            Ok(t.to_string())
        }
        _ => Err(FieldError::new(pointer, "invalid_url")),
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)* _ => None }
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

string_enum! {
    /// Portal-wide roles. Membership of an NGO is not a role here: it is per organisation.
    Role {
        Citizen => "citizen",
        AgencyOfficer => "agency_officer",
        Moderator => "moderator",
        Admin => "admin",
    }
}

string_enum! {
    /// What a bearer token may do. Sign-in tokens carry both.
    Scope {
        Read => "read",
        Write => "write",
    }
}

string_enum! {
    OrgRole {
        Admin => "admin",
        Member => "member",
    }
}

string_enum! {
    TokenKind {
        Session => "session",
        Api => "api",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse(" Aigerim@Example.KZ ").unwrap().as_str(), "aigerim@example.kz");
        for bad in ["", "no-at", "a@b", "a@@b.kz", "a b@c.kz", "@c.kz", "a@.kz", "a@kz.", "a@b..kz"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_have_bounds_in_characters_not_bytes() {
        assert!(Password::parse("қысқа", &[]).is_err());
        assert!(Password::parse("ұзын құпиясөз", &[]).is_ok());
        assert_eq!(Password::parse(&"x".repeat(PASSWORD_MAX + 1), &[]).err().unwrap().code, "password_too_long");
    }

    #[test]
    fn guessable_passwords_are_refused() {
        for weak in ["aaaaaaaaaaaa", "qwertyuiop", "1234567890", "password123", "qwerty123456", "aigerim2024!"] {
            let personal = ["aigerim@example.kz", "Aigerim"];
            assert_eq!(Password::parse(weak, &personal).err().map(|e| e.code), Some("password_too_weak"), "{weak}");
        }
        assert!(Password::parse("correct horse battery", &[]).is_ok());
        assert!(Password::parse("tulpar-zhol-7-aspan", &[]).is_ok());
    }

    #[test]
    fn urls_must_be_http() {
        assert!(web_url("/w", "https://ngo.kz/about").is_ok());
        assert!(web_url("/w", "javascript:alert(1)").is_err());
        assert!(web_url("/w", "https://").is_err());
    }
}
