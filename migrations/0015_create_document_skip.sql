-- The documents' texts and the skips of the coverage audit, so that every output reads the
-- published database alone (issue 30): the site highlights each quote in its document and marks
-- each number as claimed or skipped from these tables, with no checkout present. Both are
-- filled by a full build only (a rebuild changes claims files; the documents and skip lists
-- are part of its `*` input). No foreign keys, as for the claim tables since 0013: the audit of
-- tiplake/checks.py REFERENCES checks that each row names a report.

create table document (
    report_id   varchar primary key,
    text        varchar not null,
    sha256      varchar not null check (regexp_full_match(sha256, '[0-9a-f]{64}')),
    size_bytes  bigint not null check (size_bytes >= 0)
);

comment on table document is 'One row per report: the text of its vendored document, as verified against the manifest''s sha256 when the database was built. Quotes, claims'' quote offsets and skips'' offsets are positions in this text.';
comment on column document.report_id is 'The report whose document this is (report.report_id).';
comment on column document.text is 'The whole text of the document, decoded from its verified UTF-8 bytes; offsets (claim.quote_start, skip.span_start) count its characters from 0.';
comment on column document.sha256 is 'SHA-256 of the document''s bytes (the text encoded as UTF-8): the manifest''s checksum, report.sha256.';
comment on column document.size_bytes is 'Length of the document in bytes (UTF-8).';

-- One row per span of a document that a skip of seeds/skips/<report_id>.yaml covers.
create table skip (
    report_id     varchar not null,
    skip_no       integer not null check (skip_no >= 1),
    span_start    integer not null check (span_start >= 0),
    span_end      integer not null check (span_end >= span_start),
    skipped_text  varchar not null,
    reason        varchar not null,
    primary key (report_id, skip_no)
);

comment on table skip is 'One row per span of a document whose numbers are not figures (a header, a paragraph number, a reference), each with the curator''s reason: the coverage audit counts a number inside one as accounted for. From seeds/skips/<report_id>.yaml, found in the text as quotes are.';
comment on column skip.report_id is 'The report whose document the span is in (document.report_id).';
comment on column skip.skip_no is 'The span''s place among its report''s skip spans, from 1, in the order of the skips file (a skip with every: true gives one span per occurrence).';
comment on column skip.span_start is 'Offset of the span''s first character in document.text (from 0).';
comment on column skip.span_end is 'Offset just after the span''s last character in document.text.';
comment on column skip.skipped_text is 'The words the span covers: substring of document.text from span_start to span_end.';
comment on column skip.reason is 'Why the numbers of the span are not figures, in the curator''s words.';
