//! Kazakh identification numbers. The IIN (persons) and the BIN (organisations) are 12 digits whose
//! last digit is a public check digit: weights 1..11 over the first eleven digits, modulo 11; a
//! remainder of 10 is recomputed with weights 3..11, 1, 2; a second 10 means no valid number.
//! An IIN is personal data: it is parsed and stored, never published.
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdError {
    Format,
    CheckDigit,
    Date,
}

fn digits(s: &str) -> Result<[u8; 12], IdError> {
    let b = s.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return Err(IdError::Format);
    }
    let mut d = [0u8; 12];
    for (i, c) in b.iter().enumerate() {
        d[i] = c - b'0';
    }
    Ok(d)
}

/// The check digit of the first eleven digits, or `None` where no check digit can be valid.
pub fn check_digit(first11: &[u8]) -> Option<u8> {
    const W1: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const W2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    let sum = |w: &[u32; 11]| first11.iter().zip(w).map(|(d, w)| u32::from(*d) * w).sum::<u32>() % 11;
    match sum(&W1) {
        10 => match sum(&W2) {
            10 => None,
            r => Some(r as u8),
        },
        r => Some(r as u8),
    }
}

fn checked(s: &str) -> Result<[u8; 12], IdError> {
    let d = digits(s)?;
    if check_digit(&d[..11]) != Some(d[11]) {
        return Err(IdError::CheckDigit);
    }
    Ok(d)
}

/// Individual identification number (ЖСН / ИИН): YYMMDD of birth, then the century-and-sex digit.
#[derive(Clone, PartialEq, Eq)]
pub struct Iin(String);

impl Iin {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let s = s.trim();
        let d = checked(s)?;
        let month = d[2] * 10 + d[3];
        let day = d[4] * 10 + d[5];
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(IdError::Date);
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never print an IIN by accident (logs, panics): Debug shows only that one is there.
impl fmt::Debug for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iin(***)")
    }
}

/// Business identification number (БСН / БИН): YYMM of registration, then the entity type digit
/// (4 resident legal entity, 5 non-resident, 6 joint individual enterprise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bin(String);

impl Bin {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let s = s.trim();
        let d = checked(s)?;
        let month = d[2] * 10 + d[3];
        if !(1..=12).contains(&month) || !(4..=6).contains(&d[4]) {
            return Err(IdError::Date);
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Check digits below were computed by hand (and cross-checked in a separate script).
    #[test]
    fn valid_iins_pass() {
        for s in ["900101300126", "850515400210", "001221500344", "030410600122", " 770701400016 "] {
            assert!(Iin::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn the_second_weight_set_is_used_when_the_first_gives_ten() {
        // 85010130060: first pass remainder 10, second pass 3.
        assert!(Iin::parse("850101300603").is_ok());
        assert_eq!(Iin::parse("850101300600"), Err(IdError::CheckDigit));
    }

    #[test]
    fn a_number_whose_both_passes_give_ten_is_never_valid() {
        for last in 0..=9 {
            assert_eq!(Iin::parse(&format!("85010100070{last}")), Err(IdError::CheckDigit));
        }
    }

    #[test]
    fn wrong_check_digit_length_or_letters_fail() {
        assert_eq!(Iin::parse("900101300127"), Err(IdError::CheckDigit));
        assert_eq!(Iin::parse("90010130012"), Err(IdError::Format));
        assert_eq!(Iin::parse("9001013001266"), Err(IdError::Format));
        assert_eq!(Iin::parse("90010130012a"), Err(IdError::Format));
        assert_eq!(Iin::parse(""), Err(IdError::Format));
    }

    #[test]
    fn an_iin_needs_a_plausible_birth_date() {
        // 123456789013: check digit right (3), but month 34 does not exist.
        assert_eq!(Iin::parse("123456789013"), Err(IdError::Date));
    }

    #[test]
    fn valid_bins_pass_and_bad_ones_fail() {
        assert!(Bin::parse("040840001231").is_ok());
        assert!(Bin::parse("190340012348").is_ok());
        assert!(Bin::parse("951140007892").is_ok());
        assert_eq!(Bin::parse("040840001232"), Err(IdError::CheckDigit));
        // A valid IIN is not a BIN: its fifth digit is not an entity type.
        assert_eq!(Bin::parse("900101300126"), Err(IdError::Date));
    }

    #[test]
    fn debug_never_shows_an_iin() {
        let iin = Iin::parse("900101300126").unwrap();
        assert!(!format!("{iin:?}").contains("900101"));
    }
}
