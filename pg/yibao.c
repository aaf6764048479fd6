/* SPDX-License-Identifier: MIT */
/*
** yibao.c (pg)
** The PostgreSQL extension (docs/sql.md): settlement in SQL, on the project's library
** through its public header only.
**
**   yibao_settle(claim jsonb) → jsonb                 the result (yibao-result/1)
**   yibao_settle_fields(claim jsonb) → record          the setlinfo amounts as exact
**                                                      numeric, the place, the warnings
**   yibao_settle_year(insured jsonb, visits jsonb)     one result per visit, in date
**     → setof jsonb                                    order, the ledger carried along
**   yibao_tables_version() → text                      engine version and table digest
**
** The table set is loaded once per backend (a parallel worker is a backend): the embedded
** set, or the directory of the `yibao.tables` setting; changing the setting loads the new
** set on the next call. A refused claim raises an ERROR whose message is the library's,
** with the JSON pointer, line and column in its DETAIL. The library allocates with
** malloc and each call frees what it made, so memory does not grow with the calls.
*/
#include "postgres.h"

#include <dlfcn.h>

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "yibao.h"

PG_MODULE_MAGIC;

static char *tables_dir;     /* the yibao.tables setting ("" = the embedded set) */
static char *loaded_dir;     /* the directory the loaded set came from */
static yb_tables *tables;
static yb_engine *engine;

void _PG_init(void);

/*
** The library's calls to Jansson's json_object, renamed by pg/Makefile: the postgres
** executable exports an SQL function of that name, which the dynamic linker would
** otherwise bind them to. Jansson's own is looked up in Jansson's library.
*/
void *ybpg_json_object(void);
void *ybpg_json_object(void)
{
    static void *(*jansson)(void);
    if (jansson == NULL) {
        void *lib = dlopen(YBPG_JANSSON, RTLD_NOW | RTLD_NOLOAD);
        if (lib) *(void **)&jansson = dlsym(lib, "json_object");
        if (jansson == NULL) elog(FATAL, "yibao: Jansson's json_object not found in %s", YBPG_JANSSON);
    }
    return jansson();
}

void _PG_init(void)
{
    DefineCustomStringVariable("yibao.tables", "Directory of yibao's regional tables (empty: the embedded set).",
                               NULL, &tables_dir, "", PGC_USERSET, 0, NULL, NULL, NULL);
}

/* Raises the library's error as a PostgreSQL ERROR. */
static void pg_raise(const yb_error *e) pg_attribute_noreturn();
static void pg_raise(const yb_error *e)
{
    int code = e->code == YB_ECLAIM || e->code == YB_EUSAGE ? ERRCODE_INVALID_PARAMETER_VALUE
               : e->code == YB_ENODATA || e->code == YB_ENODATE ? ERRCODE_DATA_EXCEPTION
               : e->code == YB_ENOMEM ? ERRCODE_OUT_OF_MEMORY
               : e->code == YB_ETABLE ? ERRCODE_CONFIG_FILE_ERROR
                                      : ERRCODE_INTERNAL_ERROR;
    ereport(ERROR, (errcode(code), errmsg("yibao: %s", e->text),
                    errdetail("at %s (%s line %d, column %d); exit code %d as in docs/cli.md",
                              e->path[0] ? e->path : "/", e->source, e->line, e->column,
                              e->code == YB_ENODATA || e->code == YB_ENODATE ? 3 : -e->code)));
}

/* The backend's table set and engine, loaded on first use or when the setting changed. */
static yb_engine *engine_now(void)
{
    const char *dir = tables_dir && *tables_dir ? tables_dir : NULL;
    if (engine && ((dir == NULL && loaded_dir == NULL) || (dir && loaded_dir && !strcmp(dir, loaded_dir))))
        return engine;
    yb_error err;
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    if (yb_tables_open(&ts, dir, &err) || yb_engine_new(&eng, ts, &err)) {
        yb_tables_free(ts);
        pg_raise(&err);
    }
    yb_engine_free(engine);
    yb_tables_free(tables);
    free(loaded_dir);
    tables = ts, engine = eng, loaded_dir = dir ? strdup(dir) : NULL;
    return engine;
}

static char *jsonb_text(Jsonb *j)
{
    return JsonbToCString(NULL, &j->root, VARSIZE(j));
}

static Datum text_jsonb(const char *s)
{
    return DirectFunctionCall1(jsonb_in, CStringGetDatum(s));
}

/* Settles claim text; the result stays valid until the engine's next settlement. */
static const yb_result *settle(const char *text, yb_claim **claim)
{
    yb_engine *eng = engine_now();
    yb_options o = YB_OPTIONS_INIT;
    yb_error err;
    const yb_result *r;
    if (yb_claim_parse(claim, tables, text, strlen(text), "claim", &err) || yb_settle(&r, eng, *claim, &o, &err)) {
        yb_claim_free(*claim);
        *claim = NULL;
        pg_raise(&err);
    }
    return r;
}

PG_FUNCTION_INFO_V1(yibao_settle);
Datum yibao_settle(PG_FUNCTION_ARGS)
{
    char *text = jsonb_text(PG_GETARG_JSONB_P(0)), *out = NULL;
    yb_claim *c = NULL;
    yb_error err;
    const yb_result *r = settle(text, &c);
    if (yb_result_json(&out, r, YB_JSON_COMPACT, &err)) {
        yb_claim_free(c);
        pg_raise(&err);
    }
    yb_claim_free(c);
    Datum d = text_jsonb(out);
    yb_free(out);
    PG_RETURN_DATUM(d);
}

/* The amounts of yibao_settle_fields, in the order of its OUT columns (yibao--0.2.0.sql). */
static const yb_field fields[] = {
    YB_F_MEDFEE_SUMAMT, YB_F_FULAMT_OWNPAY_AMT, YB_F_OVERLMT_SELFPAY, YB_F_PRESELFPAY_AMT,
    YB_F_INSCP_SCP_AMT, YB_F_ACT_PAY_DEDC, YB_F_HIFP_PAY, YB_F_HIFOB_PAY, YB_F_HIFMI_PAY,
    YB_F_CVLSERV_PAY, YB_F_MAF_PAY, YB_F_HIFES_PAY, YB_F_OTH_PAY, YB_F_FUND_PAY_SUMAMT,
    YB_F_PSN_PART_AMT, YB_F_ACCT_PAY, YB_F_PSN_CASH_PAY};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* Fen as an exact numeric with two decimals. */
static Datum fen_numeric(long long fen)
{
    char b[48];
    long long a = fen < 0 ? -fen : fen;
    snprintf(b, sizeof b, "%s%lld.%02lld", fen < 0 ? "-" : "", a / 100, a % 100);
    return DirectFunctionCall3(numeric_in, CStringGetDatum(b), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

PG_FUNCTION_INFO_V1(yibao_settle_fields);
Datum yibao_settle_fields(PG_FUNCTION_ARGS)
{
    TupleDesc desc;
    if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("yibao_settle_fields returns a record")));
    desc = BlessTupleDesc(desc);
    char *text = jsonb_text(PG_GETARG_JSONB_P(0));
    yb_claim *c = NULL;
    const yb_result *r = settle(text, &c);
    Datum v[NFIELDS + 3];
    bool null[NFIELDS + 3] = {false};
    for (size_t i = 0; i < NFIELDS; i++) v[i] = fen_numeric(yb_result_amount(r, fields[i]));
    long long prop = yb_result_pool_prop(r); /* ten-thousandths */
    char b[32];
    snprintf(b, sizeof b, "%lld.%04lld", prop / 10000, prop % 10000);
    v[NFIELDS] = DirectFunctionCall3(numeric_in, CStringGetDatum(b), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
    const char *place = yb_result_text(r, YB_T_PLACE);
    v[NFIELDS + 1] = CStringGetTextDatum(place ? place : "");
    size_t nw = yb_result_nwarnings(r);
    Datum *w = palloc(sizeof(Datum) * (nw ? nw : 1));
    for (size_t i = 0; i < nw; i++) w[i] = CStringGetTextDatum(yb_result_warning(r, i));
    v[NFIELDS + 2] = PointerGetDatum(construct_array(w, (int)nw, TEXTOID, -1, false, TYPALIGN_INT));
    yb_claim_free(c);
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, null)));
}

PG_FUNCTION_INFO_V1(yibao_settle_year);
Datum yibao_settle_year(PG_FUNCTION_ARGS)
{
    ReturnSetInfo *rsi = (ReturnSetInfo *)fcinfo->resultinfo;
    char *ins = jsonb_text(PG_GETARG_JSONB_P(0)), *vis = jsonb_text(PG_GETARG_JSONB_P(1)), *out = NULL;
    StringInfoData doc;
    yb_options o = YB_OPTIONS_INIT;
    yb_error err;
    yb_engine *eng = engine_now();
    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC | MAT_SRF_BLESS);
    initStringInfo(&doc);
    appendStringInfo(&doc, "{\"insured\": %s, \"visits\": %s}", ins, vis);
    if (yb_year_json(&out, eng, doc.data, (size_t)doc.len, "year", &o, &err)) pg_raise(&err);
    /* {"format": "yibao-year/1", "results": [...], ...}: one row per result */
    Jsonb *year = DatumGetJsonbP(text_jsonb(out));
    yb_free(out);
    JsonbValue key = {.type = jbvString, .val.string = {sizeof "results" - 1, "results"}};
    JsonbValue *results = findJsonbValueFromContainer(&year->root, JB_FOBJECT, &key);
    if (results == NULL || results->type != jbvBinary)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("yibao: a year without results")));
    JsonbIterator *it = JsonbIteratorInit(results->val.binary.data);
    JsonbValue v;
    JsonbIteratorToken tok;
    while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE) {
        if (tok != WJB_ELEM) continue;
        Datum d = JsonbPGetDatum(JsonbValueToJsonb(&v));
        bool isnull = false;
        tuplestore_putvalues(rsi->setResult, rsi->setDesc, &d, &isnull);
    }
    return (Datum)0;
}

PG_FUNCTION_INFO_V1(yibao_tables_version);
Datum yibao_tables_version(PG_FUNCTION_ARGS)
{
    char b[256];
    engine_now();
    snprintf(b, sizeof b, "%s; tables %s (%zu regions)", yb_version(), yb_tables_digest(tables),
             yb_tables_count(tables));
    PG_RETURN_TEXT_P(cstring_to_text(b));
}
