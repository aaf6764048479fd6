/* SPDX-License-Identifier: MIT */
/* example.c — settle one claim with the JSON-in/JSON-out call (docs/ffi.md). */
#include <stdio.h>
#include <string.h>

#include <yibao.h>

int main(void)
{
    const char *claim =
        "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"student\","
        " \"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\", \"setting\": \"outpatient\","
        " \"level\": \"community\"}, \"lines\": [{\"amount\": \"80\", \"class\": \"A\"}]}";
    yb_tables *tables = NULL;
    yb_engine *engine = NULL;
    yb_error err = {0};
    char *result = NULL, msg[1024];
    int rc = yb_tables_open(&tables, NULL, &err); /* the embedded table set */
    if (rc == 0) rc = yb_engine_new(&engine, tables, &err);
    if (rc == 0) rc = yb_estimate_json(&result, engine, claim, strlen(claim), NULL, &err);
    if (rc == 0) {
        puts(result); /* yibao-result/1, one line */
    } else {
        yb_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
    }
    yb_free(result);
    yb_engine_free(engine);
    yb_tables_free(tables);
    yb_thread_cleanup();
    return rc ? 1 : 0;
}
