-- SPDX-License-Identifier: MIT
-- yibao--0.2.0.sql: the functions of the extension (docs/sql.md).
--
-- STABLE, not IMMUTABLE: a result depends on the table set, which the yibao.tables
-- setting may change within a session. PARALLEL SAFE: each backend and parallel worker
-- loads its own copy of the set, and a settlement has no side effect.
\echo Use "CREATE EXTENSION yibao" to load this file. \quit

CREATE FUNCTION yibao_settle(claim jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'yibao_settle' LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION yibao_settle(jsonb) IS 'a claim (yibao-claim/1) settled: the result (yibao-result/1)';

CREATE FUNCTION yibao_settle_fields(claim jsonb,
    OUT medfee_sumamt numeric, OUT fulamt_ownpay_amt numeric, OUT overlmt_selfpay numeric,
    OUT preselfpay_amt numeric, OUT inscp_scp_amt numeric, OUT act_pay_dedc numeric,
    OUT hifp_pay numeric, OUT hifob_pay numeric, OUT hifmi_pay numeric, OUT cvlserv_pay numeric,
    OUT maf_pay numeric, OUT hifes_pay numeric, OUT oth_pay numeric, OUT fund_pay_sumamt numeric,
    OUT psn_part_amt numeric, OUT acct_pay numeric, OUT psn_cash_pay numeric,
    OUT pool_prop_selfpay numeric, OUT place text, OUT warnings text[])
RETURNS record
AS 'MODULE_PATHNAME', 'yibao_settle_fields' LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION yibao_settle_fields(jsonb) IS 'a claim settled: the setlinfo amounts as exact numeric, the place, the warnings';

CREATE FUNCTION yibao_settle_year(insured jsonb, visits jsonb) RETURNS SETOF jsonb
AS 'MODULE_PATHNAME', 'yibao_settle_year' LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION yibao_settle_year(jsonb, jsonb) IS 'a year of visits in date order, each result carrying the ledger on';

CREATE FUNCTION yibao_tables_version() RETURNS text
AS 'MODULE_PATHNAME', 'yibao_tables_version' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION yibao_tables_version() IS 'the engine version and the table set''s digest';
