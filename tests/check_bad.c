/* SPDX-License-Identifier: MIT */
/*
** check_bad.c
** The error catalogue (tests/bad/): every malformed claim and table, with the exit code and
** message it must produce (its .expect file: the code on line 1, a piece of the message on
** line 2). Nothing may reach stdout, the message must name the file with a line and column
** when the input has one, and no input may crash (a sanitizer build catches the rest).
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static char out[1 << 16], err[1 << 16];

static int run(const char *args) { return run_yibao(args, NULL, out, sizeof out, err, sizeof err); }

/* Runs every *.json of dir through `cmd`; returns how many were checked. */
static int catalogue(const char *kind)
{
    char dir[4096], path[4300], exp[4300], args[9000], want[512];
    struct dirent *e;
    int n = 0;
    snprintf(dir, sizeof dir, "%s/tests/bad/%s", getenv("YIBAO_SRC"), kind);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(exp, sizeof exp, "%s/%.*s.expect", dir, (int)(l - 5), e->d_name);
        FILE *f = fopen(exp, "r");
        ck_assert_msg(f != NULL, "%s has no .expect", e->d_name);
        int code = 0;
        ck_assert_int_eq(fscanf(f, "%d\n", &code), 1);
        ck_assert_ptr_nonnull(fgets(want, sizeof want, f));
        want[strcspn(want, "\n")] = '\0';
        fclose(f);
        if (!strcmp(kind, "tables")) {
            /* A table is checked alone, in a directory of its own. */
            snprintf(args, sizeof args, "tables lint /tmp/yb_bad_dir_%d", (int)getpid());
            char setup[9000];
            snprintf(setup, sizeof setup, "rm -rf /tmp/yb_bad_dir_%d && mkdir /tmp/yb_bad_dir_%d && "
                     "cp '%s' /tmp/yb_bad_dir_%d/", (int)getpid(), (int)getpid(), path, (int)getpid());
            ck_assert_int_eq(system(setup), 0);
        } else {
            snprintf(args, sizeof args, "estimate '%s'", path);
        }
        int rc = run(args);
        ck_assert_msg(rc == code, "%s: exit %d, want %d\n%s", e->d_name, rc, code, err);
        ck_assert_msg(out[0] == '\0', "%s: stdout is not empty:\n%s", e->d_name, out);
        ck_assert_msg(strstr(err, want) != NULL, "%s: stderr lacks \"%s\":\n%s", e->d_name, want, err);
        ck_assert_msg(!strncmp(err, "yibao: ", 7), "%s: not a yibao error:\n%s", e->d_name, err);
        n++;
    }
    closedir(d);
    char rm[128];
    snprintf(rm, sizeof rm, "rm -rf /tmp/yb_bad_dir_%d", (int)getpid());
    if (system(rm)) {}
    return n;
}

START_TEST(bad_claims) { ck_assert_int_ge(catalogue("claims"), 60); }
END_TEST

START_TEST(bad_tables) { ck_assert_int_ge(catalogue("tables"), 40); }
END_TEST

START_TEST(too_many_lines)
{
    /* 100 001 fee lines: refused with a clear limit, not a slow crawl or a crash. */
    FILE *f = fopen("/tmp/yb_many.json", "w");
    fputs("{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", "
          "\"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\", \"setting\": \"inpatient\", "
          "\"level\": \"3\"}, \"lines\": [", f);
    for (int i = 0; i < 100001; i++) fputs(i ? ",{\"amount\":\"1\",\"class\":\"A\"}" : "{\"amount\":\"1\",\"class\":\"A\"}", f);
    fputs("]}", f);
    fclose(f);
    ck_assert_int_eq(run("estimate /tmp/yb_many.json"), 4);
    ck_assert_ptr_nonnull(strstr(err, "/lines: too many lines (at most 100000)"));
    ck_assert_str_eq(out, "");
    unlink("/tmp/yb_many.json");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bad");
    TCase *tc = tcase_create("Catalogue");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, bad_claims);
    tcase_add_test(tc, bad_tables);
    tcase_add_test(tc, too_many_lines);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
