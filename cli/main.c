/* SPDX-License-Identifier: MIT */
/*
** main.c
** The `yibao` command: dispatch to subcommands (docs/cli.md).
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The commands a patient uses, in Chinese (a Chinese locale or --lang zh). */
static void usage_zh(FILE *f)
{
    fprintf(f,
            "用法：yibao 命令 [选项]\n\n"
            "估算基本医疗保险（职工医保、城乡居民医保）报销多少、自己付多少，精确到分。\n\n"
            "常用命令：\n"
            "  estimate   估算一次就医：yibao estimate --insured 宁波 --scheme 居民 --person 学生 \\\n"
            "                                 --tier A --setting 门诊 --level 社区 --total 80\n"
            "  filing     异地就医要不要备案、备案与否差多少：yibao filing --insured 宁波 --treated 上海\n"
            "  contrib    每月缴多少医保费：yibao contrib --region 深圳 --base 8000\n"
            "  year       一年多次就医，起付线和限额累计计算\n"
            "  serve      网页版（浏览器打开）和 HTTP 接口：yibao serve\n"
            "  tables     查看各地参数及来源：yibao tables show 宁波\n\n"
            "每个命令加 --help 查看选项（中文）；--lang en 切换为英文。\n");
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: yibao COMMAND [ARGS]\n\n"
            "Estimates, to the fen, what China's basic medical insurance pays for a visit\n"
            "and what the patient pays.\n\n"
            "commands:\n"
            "  estimate [CLAIM.json|-]   settle one visit (or describe it with flags)\n"
            "  check FILE|DIR...         run published-example cases\n"
            "  year VISITS.json          a year of visits, the ledger carried from one to the next\n"
            "  compare CLAIM --vary K=V,…  the same visit under variants, side by side\n"
            "  filing --insured R --treated R  does this trip need a filing (备案)?\n"
            "  batch [--jobs N] [IN.jsonl]  one claim per line in, one result per line out\n"
            "  contrib --region R --base A  monthly contributions and account credit\n"
            "  tables list|show R|lint   the regional parameter tables\n"
            "  simulate --against B CLAIMS  totals under two table sets, and the change\n"
            "  serve [--listen A:P]      the HTTP API and the patient page (docs/http.md)\n\n"
            "Run 'yibao COMMAND --help' for a command's options.\n"
            "Example: yibao estimate --insured 宁波 --scheme 居民 --person 学生 --tier A \\\n"
            "           --setting 门诊 --level 社区 --total 80\n");
}

/* Runs the command; its output is checked on the way out: a failed write is an error. */
static int run(int argc, char **argv)
{
    const char *cmd = argv[1];
    int version = 0;
    /* --version works after any command too ("yibao estimate --version"). */
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) version |= !strcmp(argv[i], "--version");
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (cli_help_zh(argc, argv)) usage_zh(stdout);
        else usage(stdout);
        return EXIT_OK;
    }
    if (version) {
        yb_tables *t = NULL;
        yb_error err = {0};
        if (cli_open_tables(&t, NULL, &err)) return cli_fail(&err);
        printf("%s\ntables %s (%zu regions)\n", yb_version(), yb_tables_digest(t),
               yb_tables_count(t));
        yb_tables_free(t);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "estimate")) return cmd_estimate(argc - 2, argv + 2);
    if (!strcmp(cmd, "check")) return cmd_check(argc - 2, argv + 2);
    if (!strcmp(cmd, "tables")) return cmd_tables(argc - 2, argv + 2);
    if (!strcmp(cmd, "year")) return cmd_year(argc - 2, argv + 2);
    if (!strcmp(cmd, "compare")) return cmd_compare(argc - 2, argv + 2);
    if (!strcmp(cmd, "filing")) return cmd_filing(argc - 2, argv + 2);
    if (!strcmp(cmd, "batch")) return cmd_batch(argc - 2, argv + 2);
    if (!strcmp(cmd, "contrib")) return cmd_contrib(argc - 2, argv + 2);
    if (!strcmp(cmd, "serve")) return cmd_serve(argc - 2, argv + 2);
    if (!strcmp(cmd, "simulate")) return cmd_simulate(argc - 2, argv + 2);
    return cli_usage(NULL, "unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
    int rc;
    if (argc < 2) {
        if (cli_help_zh(argc, argv)) usage_zh(stderr);
        else usage(stderr);
        return EXIT_USAGE;
    }
    yb_json_arena_install(); /* batch drops each line's JSON tree at once (yibao.h) */
    rc = run(argc, argv);
    /* Output that did not reach stdout (a full disk, a closed pipe) fails the command, even
       when the command itself succeeded. */
    int out = cli_output_ok();
    if (fclose(stdout) != 0 && out == EXIT_OK) {
        fprintf(stderr, "yibao: cannot write the output: %s\n", strerror(errno));
        out = EXIT_OUTPUT;
    }
    yb_thread_cleanup();
    return rc != EXIT_OK ? rc : out;
}
