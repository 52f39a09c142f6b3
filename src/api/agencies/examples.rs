//! Examples of the agencies schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.
use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;

impl Example for AgencyView {
    fn example() -> Self {
        Self {
            id: 232,
            code: s("AKIM-AKM-BURABAY-SHCHUCHINSK"),
            kind: s("town_akimat"),
            parent_id: Some(AKIMAT_BURABAY),
            region: Some(s("117020000")),
            name_kk: s("Бурабай ауданы Щучинск қаласы әкімінің аппараты"),
            name_ru: s("Аппарат акима города Щучинска Бурабайского района"),
            name_en: s("Office of the Akim of Shchuchinsk town, Burabay District"),
            website: Some(s("https://www.gov.kz/memleket/entities/akmo")),
            email: Some(s("shchuchinsk.akimat@example.kz")),
            active: true,
            updated_at: at("2026-01-12T03:00:00Z"),
        }
    }
}

impl Example for AgencyInput {
    fn example() -> Self {
        Self {
            code: Some(s("AKIM-AKM-BURABAY-SHCHUCHINSK")),
            kind: Some(s("town_akimat")),
            parent_id: Some(Some(AKIMAT_BURABAY)),
            region: Some(Some(s("117020000"))),
            name_kk: Some(s("Бурабай ауданы Щучинск қаласы әкімінің аппараты")),
            name_ru: Some(s("Аппарат акима города Щучинска Бурабайского района")),
            name_en: Some(s("Office of the Akim of Shchuchinsk town, Burabay District")),
            website: Some(Some(s("https://www.gov.kz/memleket/entities/akmo"))),
            email: Some(Some(s("shchuchinsk.akimat@example.kz"))),
        }
    }
}

impl Example for RegionView {
    fn example() -> Self {
        Self {
            code: s("111000000"),
            parent: Some(s("110000000")),
            kind: s("city_oblast"),
            name_kk: s("Көкшетау қаласы"),
            name_ru: s("город Кокшетау"),
            name_en: s("Kokshetau"),
        }
    }
}
