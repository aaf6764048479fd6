/*
** check_cli.c
** The `yibao` command as a user meets it (cli.md): exit codes, nothing on stdout when a
** command fails, errors as file:line:column: /json/pointer: message on stderr, no
** abbreviated options, and the slip, JSON and check outputs.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static char out[1 << 16], err[1 << 16];

static void slurp(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "rb");
    size_t k = f ? fread(buf, 1, n - 1, f) : 0;
    buf[k] = '\0';
    if (f) fclose(f);
}

/* Runs `yibao ARGS` (with stdin from `input` when given); returns the exit code. */
static int yibao(const char *args, const char *input)
{
    char cmd[8192], in[64] = "/dev/null";
    const char *bin = getenv("YIBAO_BIN");
    ck_assert_msg(bin != NULL, "YIBAO_BIN is not set (run through ctest)");
    if (input) {
        snprintf(in, sizeof in, "/tmp/yb_cli_in_%d", (int)getpid());
        FILE *f = fopen(in, "w");
        fputs(input, f);
        fclose(f);
    }
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s < %s > /tmp/yb_cli_out_%d 2> /tmp/yb_cli_err_%d",
             getenv("YIBAO_SRC"), bin, args, in, (int)getpid(), (int)getpid());
    int st = system(cmd);
    char p[64];
    snprintf(p, sizeof p, "/tmp/yb_cli_out_%d", (int)getpid());
    slurp(p, out, sizeof out);
    unlink(p);
    snprintf(p, sizeof p, "/tmp/yb_cli_err_%d", (int)getpid());
    slurp(p, err, sizeof err);
    unlink(p);
    if (input) unlink(in);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define HAS(buf, s) ck_assert_msg(strstr(buf, s) != NULL, #buf " lacks \"%s\":\n%s", s, buf)

START_TEST(usage_errors)
{
    ck_assert_int_eq(yibao("", NULL), 2);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("frobnicate", NULL), 2);
    HAS(err, "unknown command 'frobnicate'");
    /* getopt_long would take --js for --json; a stable contract refuses abbreviations. */
    ck_assert_int_eq(yibao("estimate --js x.json", NULL), 2);
    HAS(err, "unknown option '--js'");
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("estimate --lang", NULL), 2);
    HAS(err, "needs a value");
    ck_assert_int_eq(yibao("estimate --json=yes x.json", NULL), 2);
    ck_assert_int_eq(yibao("check", NULL), 2);
    ck_assert_int_eq(yibao("tables frob", NULL), 2);
}
END_TEST

START_TEST(help_and_version)
{
    ck_assert_int_eq(yibao("--version", NULL), 0);
    HAS(out, "yibao 0.1.0");
    HAS(out, "sha256:");
    ck_assert_int_eq(yibao("--help", NULL), 0);
    HAS(out, "estimate");
    const char *cmds[] = {"estimate --help", "check --help", "tables --help"};
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(yibao(cmds[i], NULL), 0);
        HAS(out, "usage: yibao");
        HAS(out, "exit codes");
        ck_assert_str_eq(err, "");
    }
}
END_TEST

START_TEST(estimate_flags)
{
    /* The 宁波 published example: 80 元 at a community clinic, fund 60%: 48 / 32. */
    const char *a = "estimate --insured 宁波 --scheme resident --person student --tier A "
                    "--setting outpatient --level community --total 80 --date 2023-06-01";
    ck_assert_int_eq(yibao(a, NULL), 0);
    HAS(out, "hifp_pay");
    HAS(out, "48.00");
    HAS(out, "32.00");
    HAS(out, "统筹基金支付");
    char b[1024];
    snprintf(b, sizeof b, "%s --json", a);
    ck_assert_int_eq(yibao(b, NULL), 0);
    json_t *r = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(field(r, "setlinfo.hifp_pay"), "48.00");
    ck_assert_str_eq(field(r, "setlinfo.insuplc_admdvs"), "330200");
    json_decref(r);
    snprintf(b, sizeof b, "%s --lang en --explain", a);
    ck_assert_int_eq(yibao(b, NULL), 0);
    HAS(out, "basic fund");
    HAS(out, "parameter tables/330200-ningbo.json#/editions/0/schemes/resident/outpatient");
}
END_TEST

START_TEST(estimate_errors)
{
    const char *bad = "{\n  \"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\"},\n"
                      "  \"visit\": {\"date\": \"2023-06-01\", \"setting\": \"outpatient\"},\n"
                      "  \"lines\": [{\"amount\": \"12.345\", \"class\": \"A\"}]\n}\n";
    ck_assert_int_eq(yibao("estimate -", bad), 4);
    ck_assert_str_eq(out, "");
    HAS(err, "yibao: <stdin>:4:24: /lines/0/amount: \"12.345\": more than 2 decimals");
    ck_assert_int_eq(yibao("estimate --insured 火星 --scheme resident --setting inpatient --total 1", NULL), 4);
    HAS(err, "unknown region \"火星\"");
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("estimate --tables /nonexistent --insured 宁波 --scheme resident "
                           "--setting inpatient --total 1", NULL), 3);
    ck_assert_str_eq(out, "");
    /* No edition in force: exit 3; --lenient uses the latest and says so. */
    const char *old = "estimate --insured 宁波 --scheme resident --person student --tier A "
                      "--setting outpatient --level community --total 80 --date 2019-06-01";
    ck_assert_int_eq(yibao(old, NULL), 3);
    HAS(err, "no edition in force on 2019-06-01");
    ck_assert_str_eq(out, "");
    char b[1024];
    snprintf(b, sizeof b, "%s --lenient", old);
    ck_assert_int_eq(yibao(b, NULL), 0);
    HAS(out, "lenient");
    ck_assert_int_eq(yibao("estimate /nonexistent.json", NULL), 4);
    HAS(err, "cannot read");
}
END_TEST

START_TEST(check_cases)
{
    ck_assert_int_eq(yibao("check tests/examples", NULL), 0);
    HAS(out, " 0 failed, 0 skipped\n");
    /* A case whose expectation is wrong fails, names the field, and exits 1. */
    const char *c = "{\"format\": \"yibao-case/1\", \"id\": \"wrong\", \"status\": \"pass\","
                    " \"source\": {\"title\": \"t\"}, \"table\": {\"ref\": \"330200\"},"
                    " \"visits\": [{\"claim\": {\"insured\": {\"region\": \"330200\", \"scheme\":"
                    " \"resident\", \"person\": \"student\", \"tier\": \"A\"}, \"visit\": {\"date\":"
                    " \"2023-06-01\", \"setting\": \"outpatient\", \"level\": \"community\"},"
                    " \"lines\": [{\"amount\": \"80\", \"class\": \"A\"}]},"
                    " \"expect\": {\"setlinfo.hifp_pay\": \"49.00\"}}]}";
    FILE *f = fopen("/tmp/yb_wrong_case.json", "w");
    fputs(c, f);
    fclose(f);
    ck_assert_int_eq(yibao("check /tmp/yb_wrong_case.json", NULL), 1);
    HAS(out, "FAIL  wrong");
    HAS(out, "setlinfo.hifp_pay: expected 49.00, got 48.00");
    HAS(out, "0 passed, 1 failed, 0 skipped");
    unlink("/tmp/yb_wrong_case.json");
}
END_TEST

START_TEST(tables_commands)
{
    ck_assert_int_eq(yibao("tables list", NULL), 0);
    HAS(out, "330200");
    ck_assert_int_eq(yibao("tables show 宁波 --date 2023-06-01", NULL), 0);
    HAS(out, "edition 2023-01-01..2023-12-31");
    ck_assert_int_eq(yibao("tables show 火星", NULL), 4);
    /* lint on a directory with a broken table: exit 3, located. */
    system("mkdir -p /tmp/yb_lint_bad && printf '{\\n \"format\": \"yibao-table/1\",\\n \"regoin\": 1\\n}\\n' "
           "> /tmp/yb_lint_bad/x.json");
    ck_assert_int_eq(yibao("tables lint /tmp/yb_lint_bad", NULL), 3);
    HAS(err, "/tmp/yb_lint_bad/x.json:3:12: /regoin: unknown key \"regoin\"");
    ck_assert_str_eq(out, "");
    system("rm -rf /tmp/yb_lint_bad");
    ck_assert_int_eq(yibao("tables lint tables", NULL), 0);
    HAS(out, "0 findings");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("Core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, help_and_version);
    tcase_add_test(tc, estimate_flags);
    tcase_add_test(tc, estimate_errors);
    tcase_add_test(tc, check_cases);
    tcase_add_test(tc, tables_commands);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
