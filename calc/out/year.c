/* SPDX-License-Identifier: MIT */
/*
** year.c
** A year of care for one insured person (docs/cli.md § year): the visits of one document
** settled in date order (ties keep file order), each starting from the previous one's
** ledger and account balance, carried as values — never printed and parsed again — so
** the answers are those of feeding each year_to_date_after into the next estimate.
**
**   {"insured": {…}, "year_to_date": {…}, "account_balance": "…",
**    "visits": [{"visit": {…}, "lines": […]}, {"visit": {…}, "fees": {…}}]}
**
** Every visit is parsed from the user's own text (its numbers from their digits, its
** errors at their line and column). Totals are summed in 128 bits: 10^5 visits of 10^13
** yuan cannot overflow them.
*/
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

#define YBP_MAX_VISITS 100000

typedef struct item {
    json_t *v;
    size_t order;
    const char *date;
} item;

static int by_date(const void *a, const void *b)
{
    const item *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

__extension__ typedef __int128 ybp_i128;

/* A 128-bit amount of fen as "1234.56" (totals only). */
static void money128(ybp_w *w, ybp_i128 v)
{
    char d[48], b[52];
    int n = 0, neg = v < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;
    do {
        d[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u || n < 3);
    int k = 0;
    if (neg) b[k++] = '-';
    for (int i = n - 1; i >= 0; i--) {
        b[k++] = d[i];
        if (i == 2) b[k++] = '.';
    }
    b[k] = '\0';
    ybp_wstr(w, b);
}

/* The money fields of setlinfo summed over the year (not balc, a balance). */
static const char *const summed[] = {
    "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
    "act_pay_dedc", "hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "maf_pay",
    "hifes_pay", "oth_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay",
    "acct_mulaid_pay", NULL};

static void add(ybp_i128 *tot, const yb_result *r)
{
    const int64_t v[] = {r->medfee, r->fulamt, r->overlmt, r->preselfpay, r->inscp, r->dedc,
                         r->fund[YBP_F_HIFP], r->fund[YBP_F_HIFOB], r->fund[YBP_F_HIFMI],
                         r->fund[YBP_F_CVLSERV], r->fund[YBP_F_MAF], r->fund[YBP_F_HIFES],
                         r->fund[YBP_F_OTH], r->fund_sum, r->psn_part, r->acct, r->cash,
                         r->mulaid};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) tot[k] += v[k];
}

/*
** The next visit starts where the previous one ended: its ledger (names copied into the
** new claim, which outlives the old one) and its account balances.
*/
static int carry(yb_claim *c, const yb_result *r, yb_error *err)
{
    ybp_ledger *g = &c->ledger;
    *g = r->after;
    for (size_t i = 0; i < g->ngroups; i++)
        if ((g->group[i] = ybp_strdup(&c->arena, g->group[i])) == NULL) goto nomem;
    for (size_t i = 0; i < g->nlayers; i++)
        if ((g->layer[i] = ybp_strdup(&c->arena, g->layer[i])) == NULL) goto nomem;
    if (r->claim->has_balance) c->has_balance = 1, c->balance = r->balc;
    if (r->claim->has_family) c->has_family = 1, c->family_balance = r->family_balc;
    return 0;
nomem:
    return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
}

static int doc_error(yb_error *err, const char *name, const char *text, size_t len,
                     const char *path, const char *msg)
{
    ybp_err(err, YB_ECLAIM, name, 0, 0, path, "%s", msg);
    ybp_err_locate(err, text, len);
    return YB_ECLAIM;
}

int yb_year_json(char **out, yb_engine *e, const char *text, size_t len, const char *name,
                 const yb_options *opt, yb_error *err)
{
    static const char *const top[] = {"format", "insured", "year_to_date", "account_balance",
                                      "family_account_balance", "visits", "notes", NULL};
    static const char *const per[] = {"visit", "lines", "fees", "id", "notes", NULL};
    json_error_t je;
    json_t *doc, *visits;
    yb_claim *prev = NULL;
    item *items = NULL;
    ybp_i128 tot[18] = {0};
    int rc = 0;
    YBP_BEGIN(err);
    if (out == NULL || e == NULL || (text == NULL && len))
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_year_json: out, engine and text are required");
    *out = NULL;
    if (ybp_options_check(opt, err)) return YB_EUSAGE;
    unsigned flags = opt && opt->version >= 2 ? opt->json : 0;
    if (name == NULL) name = "<year>";
    if (len && memchr(text, '\0', len))
        return doc_error(err, name, text, len, "", "a NUL byte in the text (UTF-8 JSON expected)");
    if ((doc = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &je)) == NULL)
        return ybp_err(err, YB_ECLAIM, name, je.line, je.column, "", "invalid JSON: %s", je.text);
    if (!json_is_object(doc)) {
        rc = doc_error(err, name, text, len, "", "expected {\"insured\", \"visits\": […]}");
        goto done;
    }
    const char *key;
    json_t *val;
    json_object_foreach(doc, key, val) {
        int ok = 0;
        for (const char *const *k = top; *k; k++) ok |= !strcmp(*k, key);
        if (!ok) {
            char p[300], m[400];
            snprintf(p, sizeof p, "/%s", key);
            snprintf(m, sizeof m, "unknown key \"%s\" (expected insured, year_to_date, "
                                  "account_balance, family_account_balance, visits)", key);
            rc = doc_error(err, name, text, len, p, m);
            goto done;
        }
    }
    visits = json_object_get(doc, "visits");
    size_t n = json_array_size(visits);
    if (!json_is_array(visits) || n == 0 || n > YBP_MAX_VISITS) {
        rc = doc_error(err, name, text, len, "/visits",
                       "expected a non-empty list of visits (at most 100000)");
        goto done;
    }
    if ((items = calloc(n, sizeof *items)) == NULL) {
        rc = ybp_err(err, YB_ENOMEM, name, 0, 0, "", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(visits, i);
        char p[64];
        snprintf(p, sizeof p, "/visits/%zu", i);
        if (!json_is_object(v)) {
            rc = doc_error(err, name, text, len, p, "expected a visit {\"visit\", \"lines\"}");
            goto done;
        }
        json_object_foreach(v, key, val) {
            int ok = 0;
            for (const char *const *k = per; *k; k++) ok |= !strcmp(*k, key);
            if (!ok) {
                char q[400], m[300];
                snprintf(q, sizeof q, "%s/%s", p, key);
                snprintf(m, sizeof m, "\"%s\" does not belong in a visit: a year is one insured "
                                      "person (insured, year_to_date and account_balance go at "
                                      "the top)", key);
                rc = doc_error(err, name, text, len, q, m);
                goto done;
            }
        }
        const char *d = json_string_value(json_object_get(json_object_get(v, "visit"), "date"));
        items[i] = (item){v, i, d ? d : ""};
    }
    qsort(items, n, sizeof *items, by_date);
    /* Written as the visits are settled: {"format", "results": [...], "totals", …} */
    ybp_buf b = {0};
    ybp_w w;
    ybp_wbegin(&w, &b, 2);
    ybp_wopen(&w, '{');
    ybp_wkeyl(&w, "format"), ybp_wstr(&w, "yibao-year/1");
    ybp_wkeyl(&w, "results");
    ybp_wopen(&w, '[');
    for (size_t i = 0; i < n; i++) {
        json_t *root = json_object();
        yb_claim *c = NULL;
        const yb_result *r;
        char vis[64];
        snprintf(vis, sizeof vis, "/visits/%zu", items[i].order);
        json_object_set(root, "insured", json_object_get(doc, "insured"));
        json_object_foreach(items[i].v, key, val) json_object_set(root, key, val);
        if (i == 0) /* the starting ledger and balances; later visits carry the results' */
            for (const char *const *k = top + 2; strcmp(*k, "visits"); k++)
                if (json_object_get(doc, *k)) json_object_set(root, *k, json_object_get(doc, *k));
        rc = ybp_claim_of(&c, e->ts, root, text, len, name, "", vis, err);
        json_decref(root);
        if (rc) break;
        if (prev && (rc = carry(c, &e->res, err))) {
            yb_claim_free(c);
            break;
        }
        yb_claim_free(prev); /* the result no longer needs it: carry() copied what it held */
        prev = c;
        if ((rc = yb_settle(&r, e, c, opt, err))) break;
        ybp_result_write(&w, r, flags);
        add(tot, r);
    }
    if (rc == 0) {
        ybp_wclose(&w, ']');
        ybp_wkeyl(&w, "totals");
        ybp_wopen(&w, '{');
        for (int k = 0; summed[k]; k++) ybp_wkey(&w, summed[k]), money128(&w, tot[k]);
        ybp_wclose(&w, '}');
        ybp_wkeyl(&w, "year_to_date_after");
        ybp_ledger_write(&w, &e->res.after);
        ybp_wclose(&w, '}');
        if (ybp_wend(&w)) rc = ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    }
    if (rc == 0) *out = b.p; /* the caller frees it with yb_free() */
    else ybp_buf_free(&b);
done:
    yb_claim_free(prev);
    free(items);
    json_decref(doc);
    return rc;
}
