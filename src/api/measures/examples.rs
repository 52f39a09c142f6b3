//! Examples of the measures schemas for the spec, beside their types; the shared story they tell is in
//! `api/common/examples.rs`.

use poem_openapi::types::Example;

use super::*;
use crate::api::common::examples::*;
use crate::markdown::to_html;

const MEASURE_MD: &str = "Приказом руководителя управления от 1 июля 2026 года № 45 отменено истребование справки с \
                          места жительства; сведения запрашиваются из ГБД ФЛ.";

impl Example for MeasureAttachmentBody {
    fn example() -> Self {
        Self {
            title: s("Приказ № 45 от 1 июля 2026 года"),
            url: s("https://www.gov.kz/memleket/entities/astana/documents"),
        }
    }
}

impl Example for MeasureAttachmentView {
    fn example() -> Self {
        Self {
            title: s("Приказ № 45 от 1 июля 2026 года"),
            url: s("https://www.gov.kz/memleket/entities/astana/documents"),
        }
    }
}

impl Example for MeasureBody {
    fn example() -> Self {
        Self {
            item: s("recommendations.2"),
            status: s("done"),
            reason: Some(s("Исполнено до истечения срока рассмотрения заключения.")),
            text_md: Some(s(MEASURE_MD)),
            attachments: vec![Example::example()],
        }
    }
}

impl Example for MeasureChangeBody {
    fn example() -> Self {
        Self {
            status: Some(s("rejected")),
            reason: Some(Some(s("Срок выдачи свидетельства установлен Правилами № 112; акимат его не меняет."))),
            text_md: Some(s("Рекомендация направлена в Министерство юстиции Республики Казахстан.")),
            attachments: Some(vec![Example::example()]),
        }
    }
}

impl Example for MeasureView {
    fn example() -> Self {
        Self {
            id: MEASURE,
            conclusion_id: CONCLUSION,
            agency_id: AKIMAT_ASTANA,
            item: s("recommendations.2"),
            status: s("done"),
            status_label: s("Исполнено"),
            reason: Some(s("Исполнено до истечения срока рассмотрения заключения.")),
            text_md: s(MEASURE_MD),
            text_html: to_html(MEASURE_MD),
            attachments: vec![Example::example()],
            created_by: OFFICER,
            created_at: at("2026-07-02T05:00:00Z"),
            updated_at: at("2026-07-02T05:00:00Z"),
            editable_until: at("2026-07-09T05:00:00Z"),
        }
    }
}
