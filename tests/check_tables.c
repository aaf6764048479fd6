/* SPDX-License-Identifier: MIT */
/*
** check_tables.c
** Loading yibao-table/2 strictly: every refusal names the file, line, column and JSON
** pointer, and says what was expected. Valid tables load, resolve selectors and pick the
** edition in force.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "util.h"

#define B(x) "\"inpatient\": " x

static yb_error load_text(const char *t)
{
    const char *texts[1] = {t}, *names[1] = {"t.json"};
    size_t lens[1] = {strlen(t)};
    yb_tables *ts = NULL;
    yb_error err = {0};
    yb_tables_open_texts(&ts, 1, texts, lens, names, &err);
    yb_tables_free(ts);
    return err;
}

/* A table whose inpatient benefit is `b` (and edition extras `x`), loaded; returns the error. */
static yb_error load(const char *b, const char *x)
{
    char *t = table_with("employee", b, x);
    yb_error err = load_text(t);
    free(t);
    return err;
}

static const struct {
    const char *benefit, *extra, *path, *text;
} bad[] = {
    {B("{\"deductible\": 1300, \"bands\": [{\"ratio\": \"80%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/deductible", "quote it"},
    {B("{\"deductible\": \"1300\", \"bands\": [{\"ratio\": 0.8}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/bands/0/ratio", "JSON number"},
    {B("{\"deductable\": \"1300\", \"bands\": [{\"ratio\": \"80%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/deductable", "unknown key \"deductable\""},
    {B("{\"deductible\": \"-300\", \"bands\": [{\"ratio\": \"80%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/deductible", "negative"},
    {B("{\"bands\": [{\"ratio\": \"120%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/bands/0/ratio", "outside [0, 1]"},
    {B("{\"bands\": [{\"to\": \"30000\", \"ratio\": \"80%\"}, {\"to\": \"10000\", \"ratio\": "
       "\"85%\"}, {\"ratio\": \"90%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/bands/1/to", "out of order"},
    {B("{\"bands\": [{\"ratio\": \"80%\"}, {\"ratio\": \"85%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/bands/0/to", "needs \"to\""},
    {B("{\"bands\": [{\"to\": \"1000\", \"ratio\": \"80%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/bands/0/to", "last band"},
    {B("{\"deductible\": \"300\"}"), NULL, "/editions/0/schemes/employee/inpatient/bands",
     "needs bands"},
    {B("{\"bands\": [{\"ratio\": \"80%\"}], \"source\": \"nope\"}"), NULL,
     "/editions/0/schemes/employee/inpatient/source", "unknown source id \"nope\""},
    {B("{\"deductible\": {\"by\": \"levle\", \"3\": \"1200\"}, \"bands\": [{\"ratio\": \"80%\"}]}"),
     NULL, "/editions/0/schemes/employee/inpatient/deductible/by", "unknown dimension"},
    {B("{\"deductible\": {\"by\": \"level\", \"4\": \"1200\"}, \"bands\": [{\"ratio\": \"80%\"}]}"),
     NULL, "/editions/0/schemes/employee/inpatient/deductible/4", "unknown case \"4\""},
    {B("{\"deductible\": \"1.234\", \"bands\": [{\"ratio\": \"80%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/deductible", "2 decimals"},
    {B("{\"deductible_scope\": \"visit\", \"bands\": [{\"ratio\": \"80%\"}]}"), NULL,
     "/editions/0/schemes/employee/inpatient/deductible_scope", "\"admission\" or \"year\""},
    {B("{\"bands\": [{\"ratio\": \"80%\"}], \"repeat_admission\": [\"1\", \"x\"]}"), NULL,
     "/editions/0/schemes/employee/inpatient/repeat_admission/1", "decimal"},
    {B("{\"bands\": [{\"ratio\": \"80%\"}]}"), " \"rounding\": {\"mode\": \"up\"},",
     "/editions/0/rounding/mode", "half_up"},
    {B("{\"bands\": [{\"ratio\": \"80%\"}]}"), " \"catalog\": {\"class_b_selfpay\": \"10\"},",
     "/editions/0/catalog/class_b_selfpay", "outside [0, 1]"},
    {B("{\"bands\": [{\"ratio\": \"80%\"}]}"),
     " \"adjustments\": [{\"when\": {\"plcae\": \"local\"}, \"ratio_minus\": \"10%\"}],",
     "/editions/0/adjustments/0/when/plcae", "unknown condition"},
    {B("{\"bands\": [{\"ratio\": \"80%\"}]}"),
     " \"adjustments\": [{\"when\": {\"place\": \"cross_province\"}, \"ratio_minsu\": \"10%\"}],",
     "/editions/0/adjustments/0/ratio_minsu", "not an operation"},
    {B("{\"bands\": [{\"ratio\": \"80%\"}]}"), " \"adjustments\": [{\"ratio_minus\": \"10%\"}],",
     "/editions/0/adjustments/0/when", "needs \"when\""},
    {"\"layers\": [{\"fund\": \"hifmi\", \"basis\": [\"copay\", \"copay\"], \"bands\": "
     "[{\"ratio\": \"60%\"}]}]", NULL, "/editions/0/schemes/employee/layers/0/basis/1",
     "listed twice"},
    {"\"layers\": [{\"fund\": \"hifxx\", \"basis\": [\"copay\"], \"bands\": [{\"ratio\": "
     "\"60%\"}]}]", NULL, "/editions/0/schemes/employee/layers/0/fund", "expected a fund"},
    {"\"layers\": [{\"fund\": \"maf\", \"basis\": [\"copay\"], \"bands\": [{\"ratio\": \"60%\"}]},"
     " {\"fund\": \"maf\", \"basis\": [\"copay\"], \"bands\": [{\"ratio\": \"60%\"}]}]", NULL,
     "/editions/0/schemes/employee/layers/1", "share the id"},
    {"\"account\": {\"pays\": [\"everything\"]}", NULL,
     "/editions/0/schemes/employee/account/pays/0", "unknown category"},
    {"\"dental\": {}", NULL, "/editions/0/schemes/employee/dental", "unknown key"},
    {B("{\"bands\": [{\"ratio\": \"80%\"}]}"),
     " \"contribution\": {\"employee\": {\"individual_rate\": 0.02}},",
     "/editions/0/contribution/employee/individual_rate", "JSON number"},
};

START_TEST(refusals)
{
    yb_error err = load(bad[_i].benefit, bad[_i].extra);
    ck_assert_int_eq(err.code, YB_ETABLE);
    ck_assert_str_eq(err.source, "t.json");
    ck_assert_str_eq(err.path, bad[_i].path);
    ck_assert_msg(strstr(err.text, bad[_i].text) != NULL, "message \"%s\" lacks \"%s\"",
                  err.text, bad[_i].text);
    ck_assert_int_gt(err.line, 1); /* located in the text, not just named */
    ck_assert_int_gt(err.column, 0);
}
END_TEST

START_TEST(located_exactly)
{
    /* The deductible value starts on line 7, column 25 of this text. */
    const char *t =
        "{\"format\": \"yibao-table/2\",\n"
        " \"region\": {\"code\": \"990001\", \"name\": \"x\"},\n"
        " \"sources\": {\"t\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},\n"
        " \"editions\": [{\"from\": \"2020-01-01\", \"to\": null, \"sources\": [\"t\"],\n"
        "   \"schemes\": {\"employee\": {\n"
        "     \"inpatient\": {\"bands\": [{\"ratio\": \"80%\"}],\n"
        "       \"deductible\": 1300}}}}]}\n";
    yb_error err = load_text(t);
    char m[1024];
    ck_assert_int_eq(err.code, YB_ETABLE);
    ck_assert_int_eq(err.line, 7);
    ck_assert_int_eq(err.column, 22);
    yb_error_format(&err, m, sizeof m);
    ck_assert_msg(strncmp(m, "t.json:7:22: /editions/0/schemes/employee/inpatient/deductible: ", 64) == 0,
                  "%s", m);
}
END_TEST

START_TEST(document_refusals)
{
    static const struct { const char *t, *path, *text; } docs[] = {
        {"", "", "invalid JSON"},
        {"{\"format\": \"yibao-table/2\", \"format\": \"x\"}", "", "duplicate"},
        {"[1, 2]", "", "expected a yibao-table/2 object"},
        {"{\"format\": \"yibao-table/1\"}", "/format", "version 2 dates editions by legal validity"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"3302\", \"name\": \"x\"}}",
         "/region/code", "6-digit"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}}}",
         "/sources/s", "\"url\" or a \"doc_no\""},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"good\"}}}",
         "/sources/s/reliability", "official"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2024-01-01\", \"to\": \"2023-12-31\", \"ended_by\": \"s\", \"sources\": [\"s\"]}]}",
         "/editions/0/to", "ends before it starts"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2024-01-01\", \"to\": \"2024-12-31\", \"sources\": [\"s\"]}]}",
         "/editions/0/to", "\"to\" needs \"ended_by\""},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"reliability\": \"official\"}}}",
         "/sources/s/checked", "missing date"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2024-01-01\", \"sources\": [\"s\"]}],"
         " \"annual\": [{\"from\": \"2024-01-01\", \"to\": \"2024-12-31\", \"sources\": [\"s\"],"
         " \"resident\": {\"premium\": \"380\"}}, {\"from\": \"2024-07-01\", \"to\": \"2025-06-30\","
         " \"sources\": [\"s\"], \"employee\": {\"base_floor\": \"4000\"}, \"resident\": {\"premium\": \"400\"}}]}",
         "/annual/1/from", "its resident figures overlap those of annual entry 0"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2024-01-01\", \"sources\": [\"s\"]}],"
         " \"annual\": [{\"from\": \"2024-01-01\", \"sources\": [\"s\"], \"resident\": {\"premium\": \"380\"}}]}",
         "/annual/0/to", "missing date"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2024-01-01\", \"sources\": [\"s\"],"
         " \"contribution\": {\"resident\": {\"premium\": \"380\"}}}]}",
         "/editions/0/contribution/resident", "annual figures"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2024-01-01\", \"sources\": [\"s\"],"
         " \"schemes\": {\"employee\": {\"chronic\": {\"not_covered\": true}}}}]}",
         "/editions/0/schemes/employee/chronic", "cite it with \"source\""},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2023-01-01\", \"to\": \"2024-03-31\", \"ended_by\": \"s\", \"sources\": [\"s\"]},"
         " {\"from\": \"2024-01-01\", \"sources\": [\"s\"]}]}",
         "/editions/0/to", "overlaps edition 1"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2024-01-01\", \"sources\": [\"s\"]},"
         " {\"from\": \"2024-01-01\", \"sources\": [\"s\"]}]}",
         "/editions/1/from", "two editions start on the same day"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2023-02-30\", \"to\": null, \"sources\": [\"s\"]}]}",
         "/editions/0/from", "real calendar day"},
        {"{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"x\"}, "
         "\"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
         " \"editions\": [{\"from\": \"2023-01-01\", \"to\": null, \"sources\": [\"z\"]}]}",
         "/editions/0/sources/0", "unknown source id"},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        yb_error err = load_text(docs[i].t);
        ck_assert_int_eq(err.code, YB_ETABLE);
        ck_assert_msg(!strcmp(err.path, docs[i].path), "doc %zu: path %s, want %s", i, err.path,
                      docs[i].path);
        ck_assert_msg(strstr(err.text, docs[i].text), "doc %zu: \"%s\" lacks \"%s\"", i, err.text,
                      docs[i].text);
    }
}
END_TEST

START_TEST(editions_and_selectors)
{
    const char *t =
        "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"330200\", \"name\": \"宁波市\","
        " \"aliases\": [\"ningbo\"]},"
        " \"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"},"
        "              \"u\": {\"title\": \"v\", \"url\": \"w\", \"checked\": \"2026-11-25\", \"reliability\": \"unverified\"}},"
        " \"editions\": [{\"from\": \"2023-01-01\", \"sources\": [\"s\"],"
        "   \"schemes\": {\"resident\": {\"inpatient\": {\"deductible\": {\"by\": \"level\", "
        "\"3\": \"1200\", \"default\": {\"value\": \"600\", \"source\": \"u\"}},"
        "   \"bands\": [{\"ratio\": {\"by\": \"age\", \"ranges\": [{\"to\": 18, \"value\": \"90%\"},"
        " {\"value\": \"80%\"}]}}]}}}},"
        "  {\"from\": \"2024-01-01\", \"sources\": [\"s\"]},"
        "  {\"from\": \"2025-01-01\", \"to\": \"2025-06-30\", \"ended_by\": \"u\", \"sources\": [\"s\"]}],"
        " \"annual\": [{\"from\": \"2024-07-01\", \"to\": \"2025-06-30\", \"sources\": [\"s\"],"
        "   \"employee\": {\"base_floor\": \"4000\", \"base_ceiling\": \"20000\"}},"
        "  {\"from\": \"2024-01-01\", \"to\": \"2024-12-31\", \"sources\": [\"s\"], \"resident\": {\"premium\": \"380\"}}]}";
    yb_tables *ts = tables_of(t);
    const ybp_table *tb = ybp_tables_find(ts, "330200");
    int fell;
    ck_assert_ptr_nonnull(tb);
    ck_assert_str_eq(yb_tables_resolve(ts, "宁波"), "330200");
    ck_assert_str_eq(yb_tables_resolve(ts, "宁波市"), "330200");
    ck_assert_str_eq(yb_tables_resolve(ts, "NingBo"), "330200");
    ck_assert_str_eq(yb_tables_resolve(ts, "330203"), "330200"); /* a district of the pool */
    ck_assert_ptr_null(yb_tables_resolve(ts, "310000"));
    ck_assert_ptr_null(yb_tables_resolve(ts, "杭州"));
    /* An edition without `to` stays in force until the next one starts, whatever the year. */
    ck_assert_ptr_eq(ybp_edition_at(tb, ybp_date_parse("2023-12-31"), 0, &fell), &tb->editions[0]);
    ck_assert_ptr_eq(ybp_edition_at(tb, ybp_date_parse("2024-01-01"), 0, &fell), &tb->editions[1]);
    ck_assert_ptr_eq(ybp_edition_at(tb, ybp_date_parse("2024-12-31"), 0, &fell), &tb->editions[1]);
    ck_assert_int_eq(tb->editions[1].end, ybp_date_parse("2024-12-31"));
    /* One a document ended (`to` + ended_by) is not in force after its last day. */
    ck_assert_ptr_eq(ybp_edition_at(tb, ybp_date_parse("2025-06-30"), 0, &fell), &tb->editions[2]);
    ck_assert_ptr_null(ybp_edition_at(tb, ybp_date_parse("2025-07-01"), 0, &fell));
    ck_assert_ptr_eq(ybp_edition_at(tb, ybp_date_parse("2030-01-01"), 1, &fell), &tb->editions[2]);
    ck_assert_int_eq(fell, 1);
    /* Before the first edition: none, or with lenient the first (the nearest). */
    ck_assert_ptr_null(ybp_edition_at(tb, ybp_date_parse("2022-12-31"), 0, &fell));
    ck_assert_int_eq(fell, 0);
    ck_assert_ptr_eq(ybp_edition_at(tb, ybp_date_parse("2022-12-31"), 1, &fell), &tb->editions[0]);
    ck_assert_int_eq(fell, 1);
    /* Annual figures resolve on their own calendar, apart from the editions: the employee
       base runs July–June, the resident premium the calendar year, each per kind. */
    ck_assert_ptr_null(ybp_annual_at(tb, YBP_K_EMPLOYEE, ybp_date_parse("2024-06-30"), 0, &fell));
    ck_assert_ptr_nonnull(ybp_annual_at(tb, YBP_K_EMPLOYEE, ybp_date_parse("2025-06-30"), 0, &fell));
    ck_assert_ptr_null(ybp_annual_at(tb, YBP_K_RESIDENT, ybp_date_parse("2025-01-01"), 0, &fell));
    ck_assert_ptr_nonnull(ybp_annual_at(tb, YBP_K_RESIDENT, ybp_date_parse("2024-02-01"), 0, &fell));
    ck_assert_ptr_null(ybp_annual_at(tb, YBP_K_FLEXIBLE, ybp_date_parse("2024-02-01"), 1, &fell));
    const ybp_annual *near = ybp_annual_at(tb, YBP_K_RESIDENT, ybp_date_parse("2026-05-01"), 1, &fell);
    ck_assert_int_eq(fell, 1);
    ck_assert_int_eq(near->from, ybp_date_parse("2024-01-01"));
    /* The refusal names the nearest period and --lenient. */
    yb_error oe = {0};
    ck_assert_int_eq(ybp_err_out_of_range(&oe, tb, "resident", ybp_date_parse("2026-05-01")), YB_ENODATE);
    ck_assert_ptr_nonnull(strstr(oe.text, "宁波市 (330200) has no resident contribution figures for 2026-05-01"));
    ck_assert_ptr_nonnull(strstr(oe.text, "the nearest covers 2024-01-01 to 2024-12-31"));
    ck_assert_ptr_nonnull(strstr(oe.text, "add --lenient to use the nearest"));
    /* Selectors: level 3 → 1200; level 2 → default 600 with its own source. */
    const ybp_benefit *b = tb->editions[0].scheme[YBP_RESIDENT].benefit[YBP_INPATIENT]->ptr;
    ybp_dims d = {{0}, -1, 1, NULL, NULL, NULL};
    yb_error err = {0};
    d.v[YBP_BY_LEVEL] = "3";
    ck_assert_int_eq(ybp_resolve(b->deductible, &d, tb, &err)->num, 120000);
    d.v[YBP_BY_LEVEL] = "2";
    const ybp_node *n = ybp_resolve(b->deductible, &d, tb, &err);
    ck_assert_int_eq(n->num, 60000);
    ck_assert_str_eq(n->src->id, "u");
    ck_assert_int_eq(n->src->rel, YBP_REL_UNVERIFIED);
    ck_assert_str_eq(n->path, "/editions/0/schemes/resident/inpatient/deductible/default/value");
    /* Age selector: 17 → 90%, 18 → 80% (to is exclusive); no age → an error naming the path. */
    const ybp_bands *bb = ybp_resolve(b->bands, &d, tb, &err)->ptr;
    d.age = 17;
    ck_assert_int_eq(ybp_resolve(bb->b[0].ratio, &d, tb, &err)->num, 900000);
    d.age = 18;
    ck_assert_int_eq(ybp_resolve(bb->b[0].ratio, &d, tb, &err)->num, 800000);
    d.age = -1;
    ck_assert_ptr_null(ybp_resolve(bb->b[0].ratio, &d, tb, &err));
    ck_assert_int_eq(err.code, YB_ECLAIM);
    /* a missing input is the claim's: its field, and the table path in the message */
    ck_assert_str_eq(err.path, "/insured/age");
    ck_assert_ptr_nonnull(strstr(err.text, "depend on the insured's age (table t0.json#"
                                           "/editions/0/schemes/resident/inpatient/bands/0/ratio)"));

    yb_tables_free(ts);
}
END_TEST

START_TEST(project_tables_load)
{
    /* The embedded set is the project's tables/: it must load strictly. */
    yb_tables *ts = NULL;
    yb_error err = {0};
    ck_assert_int_eq(yb_tables_open(&ts, NULL, &err), 0);
    ck_assert_int_ge(yb_tables_count(ts), 3);
    ck_assert_str_eq(yb_tables_resolve(ts, "宁波"), "330200");
    ck_assert_int_eq(strncmp(yb_tables_digest(ts), "sha256:", 7), 0);
    yb_tables_free(ts);
    /* And from the directory, with the same digest. */
    char dir[4096];
    yb_tables *t2 = NULL;
    snprintf(dir, sizeof dir, "%s/tables", getenv("YIBAO_SRC") ? getenv("YIBAO_SRC") : "..");
    ck_assert_int_eq(yb_tables_open(&t2, dir, &err), 0);
    yb_tables_open(&ts, NULL, &err);
    ck_assert_str_eq(yb_tables_digest(ts), yb_tables_digest(t2));
    yb_tables_free(ts);
    yb_tables_free(t2);
}
END_TEST

START_TEST(duplicate_region)
{
    char *a = table_with("employee", B("{\"bands\": [{\"ratio\": \"80%\"}]}"), NULL);
    const char *texts[2] = {a, a}, *names[2] = {"a.json", "b.json"};
    size_t lens[2] = {strlen(a), strlen(a)};
    yb_tables *ts = NULL;
    yb_error err = {0};
    ck_assert_int_eq(yb_tables_open_texts(&ts, 2, texts, lens, names, &err), YB_ETABLE);
    ck_assert_ptr_null(ts);
    ck_assert_ptr_nonnull(strstr(err.text, "already defined"));
    free(a);
}
END_TEST

/* {=== Places of China (tables/divisions.tsv) */

/* Every place resolves by its code, and by its name wherever the name is its own. */
START_TEST(places_every_code_and_name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tables/divisions.tsv", getenv("YIBAO_SRC"));
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[512];
    int n = 0, counties = 0, named = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        char code[7], name[128], shrt[128], py[128];
        ck_assert_int_eq(sscanf(line, "%6[0-9]\t%127[^\t]\t%127[^\t]\t%127[^\t\n]", code, name, shrt, py), 4);
        const ybp_division *d = ybp_place_by_code(code), *found[16];
        ck_assert_ptr_nonnull(d);
        ck_assert_str_eq(yb_place_name(code), name);
        size_t k = ybp_place_find(name, found, 16);
        ck_assert_uint_ge(k, 1);
        int mine = 0;
        for (size_t i = 0; i < k && i < 16; i++) mine |= found[i] == d;
        /* Found itself, or a namesake one level up (吉林: the prefecture before the province). */
        ck_assert_msg(mine || strcmp(found[0]->code + 4, "00") == 0, "%s %s", code, name);
        named += mine && k == 1;
        counties += strcmp(code + 4, "00") != 0;
        n++;
    }
    fclose(f);
    ck_assert_int_gt(n, 3300);       /* 31 provinces, 300-odd prefectures, ~2 980 counties */
    ck_assert_int_gt(counties, 2900);
    ck_assert_int_gt(named, 2000);   /* most names are unique */
}
END_TEST

/* Counties and districts fall into their city's pool, whatever form the name takes. */
START_TEST(places_resolve_to_pools)
{
    yb_tables *ts;
    yb_error err = {0};
    ck_assert_int_eq(yb_tables_open(&ts, NULL, &err), 0);
    static const char *const ningbo[] = {"慈溪", "慈溪市", "330282", "cixi", "Ci Xi", "海曙区", "海曙",
                                         "宁波市海曙区", "宁波海曙", "余姚", "Ningbo", NULL};
    for (const char *const *r = ningbo; *r; r++)
        ck_assert_msg(yb_tables_resolve(ts, *r) && !strcmp(yb_tables_resolve(ts, *r), "330200"), "%s", *r);
    ck_assert_str_eq(yb_tables_resolve(ts, "北京朝阳"), "110000");
    ck_assert_str_eq(yb_tables_resolve(ts, "浦东新区"), "310000");
    ck_assert_ptr_null(yb_tables_resolve(ts, "温州"));   /* a place, no table yet */
    ck_assert_ptr_null(yb_tables_resolve(ts, "朝阳区")); /* two places */
    /* Every county of a prefecture with a table resolves to it, by code. */
    for (size_t i = 0; i < yb_tables_count(ts); i++) {
        const char *pool = yb_tables_code(ts, i);
        for (int c = 1; c < 100; c++) {
            char code[7];
            snprintf(code, sizeof code, "%.4s%02d", pool, c);
            if (ybp_place_by_code(code) && strcmp(pool + 2, "0000"))
                ck_assert_str_eq(yb_tables_resolve(ts, code), pool);
        }
    }
    const ybp_division *d[8];
    ck_assert_uint_eq(ybp_place_find("朝阳区", d, 8), 2);
    ck_assert_uint_eq(ybp_place_find("吉林", d, 8), 1);
    ck_assert_str_eq(d[0]->code, "220200"); /* the prefecture, not the province */
    ck_assert_uint_ge(ybp_place_suggest("宁博", d, 8), 1);
    ck_assert_str_eq(d[0]->name, "宁波市");
    ck_assert_uint_ge(ybp_place_suggest("wenzou", d, 8), 1);
    ck_assert_str_eq(d[0]->name, "温州市");
    ck_assert_ptr_null(yb_place_name("999999"));
    yb_tables_free(ts);
}
END_TEST

/* }=== */

int main(void)
{
    Suite *s = suite_create("tables");
    TCase *tc = tcase_create("Errors");
    tcase_add_loop_test(tc, refusals, 0, sizeof bad / sizeof bad[0]);
    tcase_add_test(tc, located_exactly);
    tcase_add_test(tc, document_refusals);
    tcase_add_test(tc, duplicate_region);
    suite_add_tcase(s, tc);
    tc = tcase_create("Core");
    tcase_add_test(tc, editions_and_selectors);
    tcase_add_test(tc, project_tables_load);
    tcase_add_test(tc, places_every_code_and_name);
    tcase_add_test(tc, places_resolve_to_pools);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
