//! The kinds of bodies the law names and how they nest, and the vocabulary of the registry of public
//! services (Law Art. 12; DOMAIN.md sections "Actors" and 7).
use super::accounts::string_enum;

string_enum! {
    /// Kinds of agency that matter to the law.
    AgencyKind {
        CentralStateBody => "central_state_body",
        CentralDepartment => "central_department",
        TerritorialUnit => "territorial_unit",
        AuthorizedBody => "authorized_body",
        StateCorporation => "state_corporation",
        StateCorporationBranch => "state_corporation_branch",
        OblastAkimat => "oblast_akimat",
        CityRepublicanAkimat => "city_republican_akimat",
        CapitalAkimat => "capital_akimat",
        DistrictAkimat => "district_akimat",
        CityOblastAkimat => "city_oblast_akimat",
        CityDistrictAkimat => "city_district_akimat",
        TownAkimat => "town_akimat",
        SettlementAkimat => "settlement_akimat",
        VillageAkimat => "village_akimat",
        RuralDistrictAkimat => "rural_district_akimat",
        ServiceProvider => "service_provider",
    }
}

impl AgencyKind {
    /// The kinds this kind may sit under; an empty list means it stands at the top.
    pub fn allowed_parents(self) -> &'static [AgencyKind] {
        use AgencyKind::*;
        match self {
            CentralStateBody | AuthorizedBody | StateCorporation | OblastAkimat | CityRepublicanAkimat
            | CapitalAkimat => &[],
            CentralDepartment => &[CentralStateBody, AuthorizedBody],
            TerritorialUnit => &[CentralStateBody, CentralDepartment, AuthorizedBody],
            StateCorporationBranch => &[StateCorporation],
            DistrictAkimat | CityOblastAkimat => &[OblastAkimat],
            CityDistrictAkimat => &[CityRepublicanAkimat, CapitalAkimat, CityOblastAkimat],
            TownAkimat | SettlementAkimat | VillageAkimat | RuralDistrictAkimat => &[DistrictAkimat, CityOblastAkimat],
            ServiceProvider => &[
                CentralStateBody,
                CentralDepartment,
                AuthorizedBody,
                StateCorporation,
                OblastAkimat,
                CityRepublicanAkimat,
                CapitalAkimat,
                DistrictAkimat,
                CityOblastAkimat,
            ],
        }
    }

    /// Whether a body of this kind must name its parent (a district akimat belongs to an oblast).
    pub fn needs_parent(self) -> bool {
        !self.allowed_parents().is_empty() && self != AgencyKind::ServiceProvider
    }

    /// Local executive bodies at every level the law lists (DOMAIN.md, "Actors").
    pub fn is_local_executive_body(self) -> bool {
        use AgencyKind::*;
        matches!(
            self,
            OblastAkimat
                | CityRepublicanAkimat
                | CapitalAkimat
                | DistrictAkimat
                | CityOblastAkimat
                | CityDistrictAkimat
                | TownAkimat
                | SettlementAkimat
                | VillageAkimat
                | RuralDistrictAkimat
        )
    }

    /// Whether its territory is a KATO region: local bodies and the territorial parts of central ones.
    pub fn is_territorial(self) -> bool {
        self.is_local_executive_body()
            || matches!(self, AgencyKind::TerritorialUnit | AgencyKind::StateCorporationBranch)
    }
}

/// Why a parent cannot be set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParentError {
    Missing,
    WrongKind,
    Cycle,
}

/// Check a proposed parent: its kind, and that the new agency is not among the parent's ancestors
/// (`parent_chain` lists the parent and its ancestors, nearest first).
pub fn check_parent(
    kind: AgencyKind,
    self_id: Option<i64>,
    parent: Option<(i64, AgencyKind)>,
    parent_chain: &[i64],
) -> Result<(), ParentError> {
    match parent {
        None if kind.needs_parent() => Err(ParentError::Missing),
        None => Ok(()),
        Some((_, pk)) if !kind.allowed_parents().contains(&pk) => Err(ParentError::WrongKind),
        Some(_) if self_id.is_some_and(|id| parent_chain.contains(&id)) => Err(ParentError::Cycle),
        Some(_) => Ok(()),
    }
}

string_enum! {
    Recipients {
        Individuals => "individuals",
        LegalEntities => "legal_entities",
        Both => "both",
    }
}

string_enum! {
    /// Where applications are received.
    Channel {
        Provider => "provider",
        StateCorporation => "state_corporation",
        EgovPortal => "egov_portal",
        OtherIs => "other_is",
    }
}

string_enum! {
    ServiceForm {
        Paper => "paper",
        Electronic => "electronic",
        Proactive => "proactive",
    }
}

string_enum! {
    TermUnit {
        WorkingDays => "working_days",
        CalendarDays => "calendar_days",
        Hours => "hours",
        Minutes => "minutes",
    }
}

/// A KATO code: nine digits.
pub fn is_kato_code(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The part of a KATO code that everything inside the unit shares. Codes nest by levels of two,
/// two, two and three digits (oblast, district, rural district, settlement), padded with zeros, so
/// the prefix drops whole zero levels: `100000000` (Abai oblast) is `10`, not `1`, which would take
/// in `110000000` (Akmola oblast) too.
pub fn kato_prefix(code: &str) -> &str {
    for cut in [2, 4, 6] {
        if code.len() > cut && code[cut..].bytes().all(|b| b == b'0') {
            return &code[..cut];
        }
    }
    code
}

/// Agency codes are short, stable, upper-case ASCII: they appear in URLs, imports and front matter.
pub fn is_agency_code(s: &str) -> bool {
    (2..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kato_prefixes_drop_whole_zero_levels() {
        assert_eq!(kato_prefix("100000000"), "10");
        assert_eq!(kato_prefix("110000000"), "11");
        assert!(!"110000000".starts_with(kato_prefix("100000000")));
        assert_eq!(kato_prefix("111000000"), "1110");
        assert_eq!(kato_prefix("111630000"), "111630");
        assert_eq!(kato_prefix("111633100"), "111633100");
    }

    #[test]
    fn a_district_akimat_sits_under_an_oblast_akimat_only() {
        let k = AgencyKind::DistrictAkimat;
        assert_eq!(check_parent(k, None, Some((1, AgencyKind::OblastAkimat)), &[1]), Ok(()));
        assert_eq!(check_parent(k, None, Some((1, AgencyKind::CentralStateBody)), &[1]), Err(ParentError::WrongKind));
        assert_eq!(check_parent(k, None, None, &[]), Err(ParentError::Missing));
    }

    #[test]
    fn top_level_bodies_have_no_parent() {
        assert_eq!(check_parent(AgencyKind::CentralStateBody, None, None, &[]), Ok(()));
        assert_eq!(
            check_parent(AgencyKind::OblastAkimat, None, Some((1, AgencyKind::OblastAkimat)), &[1]),
            Err(ParentError::WrongKind)
        );
    }

    #[test]
    fn an_agency_cannot_sit_under_its_own_descendant() {
        // 5 (a department) would move under 9, a territorial unit whose chain is 9 -> 5 -> 1.
        assert_eq!(
            check_parent(AgencyKind::TerritorialUnit, Some(5), Some((9, AgencyKind::TerritorialUnit)), &[9, 5, 1]),
            Err(ParentError::WrongKind)
        );
        assert_eq!(
            check_parent(AgencyKind::CentralDepartment, Some(5), Some((1, AgencyKind::CentralStateBody)), &[1]),
            Ok(())
        );
        assert_eq!(
            check_parent(AgencyKind::TerritorialUnit, Some(5), Some((7, AgencyKind::CentralDepartment)), &[7, 5, 1]),
            Err(ParentError::Cycle)
        );
    }

    #[test]
    fn codes() {
        assert!(is_kato_code("110000000"));
        assert!(!is_kato_code("11000000a"));
        assert!(is_agency_code("AKIMAT-AKM-ZERENDI"));
        assert!(!is_agency_code("akimat"));
    }
}
