-- Each document's text in the database is the one the manifest names: its UTF-8 bytes hash to
-- the manifest's sha256, as read in this build (temp.seed_report, not the database's own
-- report table), and every report of the manifest has its document.
select 'seeds/documents/manifest.yaml' as file, s.report_id as record,
    case
        when d.report_id is null then 'the database holds no document for this report'
        else 'the document''s text in the database has sha256 ' || sha256(d.text)
            || ', not the manifest''s ' || s.sha256
    end as message
from temp.seed_report as s
left join document as d on d.report_id = s.report_id
where d.report_id is null or sha256(d.text) <> s.sha256
