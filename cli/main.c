/*
** main.c
** The `yibao` command: dispatch to subcommands (cli.md).
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"

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
            "  tables list|show R|lint   the regional parameter tables\n\n"
            "Run 'yibao COMMAND --help' for a command's options.\n"
            "Example: yibao estimate --insured 宁波 --scheme resident --person student \\\n"
            "           --tier A --setting outpatient --level community --total 80 "
            "--date 2023-06-01\n");
}

int main(int argc, char **argv)
{
    int rc;
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    int version = 0;
    /* --version works after any command too ("yibao estimate --version"). */
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) version |= !strcmp(argv[i], "--version");
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
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
    if (!strcmp(cmd, "estimate")) rc = cmd_estimate(argc - 2, argv + 2);
    else if (!strcmp(cmd, "check")) rc = cmd_check(argc - 2, argv + 2);
    else if (!strcmp(cmd, "tables")) rc = cmd_tables(argc - 2, argv + 2);
    else if (!strcmp(cmd, "year")) rc = cmd_year(argc - 2, argv + 2);
    else if (!strcmp(cmd, "compare")) rc = cmd_compare(argc - 2, argv + 2);
    else if (!strcmp(cmd, "filing")) rc = cmd_filing(argc - 2, argv + 2);
    else if (!strcmp(cmd, "batch")) rc = cmd_batch(argc - 2, argv + 2);
    else if (!strcmp(cmd, "contrib")) rc = cmd_contrib(argc - 2, argv + 2);
    else rc = cli_usage(NULL, "unknown command '%s'", cmd);
    fflush(stdout);
    yb_thread_cleanup();
    return rc;
}
