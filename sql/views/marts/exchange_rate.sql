-- One row per amount a document states in two currencies (one of them U.S. dollars): the
-- exchange rate the pair implies, with the claims and report it comes from.
--
-- grain: claim_id
--
-- columns:
--   claim_id: The claim with the amount in the other currency (e.g. manat).
--   usd_claim_id: The claim with the same amount in U.S. dollars.
--   report_id: The document that states both amounts.
--   country_iso3: Country the amount is about.
--   indicator_code: What the amount is (e.g. victim_assistance_funding).
--   year_from: First year of the amount's period.
--   year_to: Last year of the amount's period.
--   currency: ISO 4217 code of the other currency.
--   amount: The amount in that currency.
--   amount_usd: The amount in U.S. dollars.
--   usd_per_unit: U.S. dollars per unit of the currency the pair implies (amount_usd / amount), as stated by the document, not a market rate.
with

claims as (
    select * from stg_claim where unit_kind = 'currency'
),

pairs as (
    select
        a.claim_id as a_claim_id,
        b.claim_id as b_claim_id,
        a.report_id,
        a.country_iso3,
        a.indicator_code,
        a.year_from,
        a.year_to,
        a.unit as a_unit,
        a.amount as a_amount,
        b.unit as b_unit,
        b.amount as b_amount
    from claims as a
    inner join claims as b on a.same_amount_as_claim_id = b.claim_id
    where a.amount > 0 and b.amount > 0 and 'USD' in (a.unit, b.unit) and a.unit <> b.unit
),

final as (
    select
        case when a_unit = 'USD' then b_claim_id else a_claim_id end as claim_id,
        case when a_unit = 'USD' then a_claim_id else b_claim_id end as usd_claim_id,
        report_id,
        country_iso3,
        indicator_code,
        year_from,
        year_to,
        case when a_unit = 'USD' then b_unit else a_unit end as currency,
        case when a_unit = 'USD' then b_amount else a_amount end as amount,
        case when a_unit = 'USD' then a_amount else b_amount end as amount_usd,
        case
            when a_unit = 'USD' then cast(a_amount as double) / cast(b_amount as double)
            else cast(b_amount as double) / cast(a_amount as double)
        end as usd_per_unit
    from pairs
)

select * from final
