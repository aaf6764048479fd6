/* SPDX-License-Identifier: MIT */
/*
** typed.c
** A billing tool's loop: parse a claim, settle it, read the amounts as integers of fen
** through the typed accessors — no JSON is printed or parsed (docs/ffi.md).
** Build: cc typed.c $(pkg-config --cflags --libs yibao)
*/
#include <stdio.h>
#include <string.h>

#include "yibao.h"

int main(void)
{
    static const char claim[] =
        "{\"id\": \"visit-1\", \"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\","
        " \"person\": \"student\", \"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\","
        " \"setting\": \"outpatient\", \"level\": \"community\"},"
        " \"lines\": [{\"amount\": \"80\", \"class\": \"A\", \"code\": \"X01\"}]}";
    yb_tables *tables = NULL;
    yb_engine *engine = NULL;
    yb_claim *c = NULL;
    const yb_result *r = NULL;
    yb_error err;
    int rc = yb_tables_open(&tables, NULL, &err);
    if (rc == 0) rc = yb_engine_new(&engine, tables, &err);
    if (rc == 0) rc = yb_claim_parse(&c, tables, claim, strlen(claim), "claim", &err);
    if (rc == 0) rc = yb_settle(&r, engine, c, NULL, &err);
    /* The claim may go now: the engine keeps what its result points into. */
    yb_claim_free(c);
    if (rc == 0) {
        yb_fund_row row;
        yb_line_split line;
        printf("%s %s hifp_pay %lld psn_cash_pay %lld\n", yb_result_text(r, YB_T_ID),
               yb_result_text(r, YB_T_PLACE), yb_result_amount(r, YB_F_HIFP_PAY),
               yb_result_amount(r, YB_F_PSN_CASH_PAY));
        for (size_t i = 0; yb_result_row(r, i, &row) == 0; i++)
            printf("row %s %lld\n", row.fund_pay_type, row.fund_payamt);
        for (size_t i = 0; yb_result_line(r, i, &line) == 0; i++)
            printf("line %s %lld\n", line.code, line.inscp_scp_amt);
        printf("reliability %s\n", yb_result_text(r, YB_T_RELIABILITY));
    } else {
        fprintf(stderr, "%s: %s\n", yb_strerror(rc), err.text);
    }
    yb_engine_free(engine);
    yb_tables_free(tables);
    yb_thread_cleanup();
    return rc ? 1 : 0;
}
