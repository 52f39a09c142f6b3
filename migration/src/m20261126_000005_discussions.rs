//! Public discussions of draft acts and of annual reports (Law Art. 15, Art. 23 p.6): versions
//! split into anchored clauses, identified comments with their revisions and dispositions, and
//! the completion notice.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Discussion::Table)
                .col(big_pk_auto(Discussion::Id))
                .col(big_integer(Discussion::AgencyId))
                .col(string_len(Discussion::Subject, 16))
                .col(big_integer_null(Discussion::ReportId))
                .col(string_len(Discussion::TitleKk, 500))
                .col(string_len(Discussion::TitleRu, 500))
                .col(json(Discussion::ServiceIds))
                .col(timestamp_with_time_zone(Discussion::OpensAt))
                .col(timestamp_with_time_zone(Discussion::ClosesAt))
                .col(integer(Discussion::CurrentVersion))
                .col(integer(Discussion::NextAnchor))
                .col(big_integer(Discussion::CreatedBy))
                .col(timestamp_with_time_zone(Discussion::CreatedAt))
                .foreign_key(
                    ForeignKey::create().from(Discussion::Table, Discussion::AgencyId).to(Agency::Table, Agency::Id),
                )
                .foreign_key(
                    ForeignKey::create().from(Discussion::Table, Discussion::ReportId).to(Report::Table, Report::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DiscussionVersion::Table)
                .col(big_pk_auto(DiscussionVersion::Id))
                .col(big_integer(DiscussionVersion::DiscussionId))
                .col(integer(DiscussionVersion::Number))
                .col(text(DiscussionVersion::TextMd))
                .col(json(DiscussionVersion::Clauses))
                .col(text_null(DiscussionVersion::Note))
                .col(timestamp_with_time_zone(DiscussionVersion::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DiscussionVersion::Table, DiscussionVersion::DiscussionId)
                        .to(Discussion::Table, Discussion::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_discussion_version")
                .table(DiscussionVersion::Table)
                .col(DiscussionVersion::DiscussionId)
                .col(DiscussionVersion::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Comment::Table)
                .col(big_pk_auto(Comment::Id))
                .col(big_integer(Comment::DiscussionId))
                .col(integer(Comment::VersionNumber))
                .col(string_len_null(Comment::Anchor, 20))
                .col(big_integer(Comment::AuthorId))
                .col(big_integer_null(Comment::OrganizationId))
                .col(text(Comment::ProposalMd))
                .col(text_null(Comment::ReplacementText))
                .col(string_len_null(Comment::Disposition, 32))
                .col(text_null(Comment::DispositionReason))
                .col(big_integer_null(Comment::DisposedBy))
                .col(timestamp_with_time_zone_null(Comment::DisposedAt))
                .col(timestamp_with_time_zone(Comment::CreatedAt))
                .col(timestamp_with_time_zone(Comment::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Comment::Table, Comment::DiscussionId)
                        .to(Discussion::Table, Discussion::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create().from(Comment::Table, Comment::AuthorId).to(Account::Table, Account::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_comment_discussion").table(Comment::Table).col(Comment::DiscussionId).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CommentRevision::Table)
                .col(big_pk_auto(CommentRevision::Id))
                .col(big_integer(CommentRevision::CommentId))
                .col(text(CommentRevision::ProposalMd))
                .col(text_null(CommentRevision::ReplacementText))
                .col(timestamp_with_time_zone(CommentRevision::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CommentRevision::Table, CommentRevision::CommentId)
                        .to(Comment::Table, Comment::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CompletionNotice::Table)
                .col(big_pk_auto(CompletionNotice::Id))
                .col(big_integer_uniq(CompletionNotice::DiscussionId))
                .col(json(CompletionNotice::Content))
                .col(text(CompletionNotice::Markdown))
                .col(timestamp_with_time_zone(CompletionNotice::PublishedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CompletionNotice::Table, CompletionNotice::DiscussionId)
                        .to(Discussion::Table, Discussion::Id),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CompletionNotice::Table.into_iden(),
            CommentRevision::Table.into_iden(),
            Comment::Table.into_iden(),
            DiscussionVersion::Table.into_iden(),
            Discussion::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Agency {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Discussion {
    Table,
    Id,
    AgencyId,
    Subject,
    ReportId,
    TitleKk,
    TitleRu,
    ServiceIds,
    OpensAt,
    ClosesAt,
    CurrentVersion,
    NextAnchor,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DiscussionVersion {
    Table,
    Id,
    DiscussionId,
    Number,
    TextMd,
    Clauses,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comment {
    Table,
    Id,
    DiscussionId,
    VersionNumber,
    Anchor,
    AuthorId,
    OrganizationId,
    ProposalMd,
    ReplacementText,
    Disposition,
    DispositionReason,
    DisposedBy,
    DisposedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CommentRevision {
    Table,
    Id,
    CommentId,
    ProposalMd,
    ReplacementText,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CompletionNotice {
    Table,
    Id,
    DiscussionId,
    Content,
    Markdown,
    PublishedAt,
}
