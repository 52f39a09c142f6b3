//! Moderation: a comment, an observation's public part, an evidence file or a conclusion can be
//! hidden from public view with a stated reason; the record itself is kept, unchanged, for its
//! authors and for the moderation log.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Table_ {
    #[sea_orm(iden = "comment")]
    Comment,
    #[sea_orm(iden = "observation")]
    Observation,
    #[sea_orm(iden = "evidence")]
    Evidence,
    #[sea_orm(iden = "conclusion")]
    Conclusion,
}

#[derive(DeriveIden, Clone, Copy)]
enum Hidden {
    #[sea_orm(iden = "hidden_at")]
    At,
    #[sea_orm(iden = "hidden_reason")]
    Reason,
    #[sea_orm(iden = "hidden_by")]
    By,
}

const TABLES: [Table_; 4] = [Table_::Comment, Table_::Observation, Table_::Evidence, Table_::Conclusion];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for t in TABLES {
            for col in
                [timestamp_with_time_zone_null(Hidden::At), text_null(Hidden::Reason), big_integer_null(Hidden::By)]
            {
                m.alter_table(Table::alter().table(t).add_column(col).to_owned()).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES {
            for col in [Hidden::At, Hidden::Reason, Hidden::By] {
                m.alter_table(Table::alter().table(t).drop_column(col).to_owned()).await?;
            }
        }
        Ok(())
    }
}
