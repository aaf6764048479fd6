/* SPDX-License-Identifier: MIT */
/*
** httpload.c
** yibao_httpload --port P --claims FILE.jsonl [--n N] [--threads T]: POSTs the claims of
** FILE (one per line, taken in turn) to /v1/estimate of a running `yibao serve`, from T
** threads, each on one keep-alive connection, N requests in all; checks every answer is
** 200 and prints "requests N seconds S per_second R". bench/run.sh (g) compares R with
** the claims per second of `yibao batch` on the same claims.
*/
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int port, nthreads = 2;
static long per_thread;
static char **claims;
static size_t nclaims;

typedef struct job {
    int id;
    long ok, bad;
} job;

static int dial(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) return -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return fd;
}

/* One keep-alive exchange; 1 when the answer is a 200. */
static int exchange(int fd, const char *claim, char *buf, size_t cap)
{
    char req[8192];
    int n = snprintf(req, sizeof req, "POST /v1/estimate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\n\r\n%s", strlen(claim), claim);
    if (n <= 0 || (size_t)n >= sizeof req || send(fd, req, (size_t)n, MSG_NOSIGNAL) != n) return -1;
    size_t got = 0, want = 0;
    char *end = NULL;
    while (end == NULL || got < want) {
        ssize_t k = recv(fd, buf + got, cap - got - 1, 0);
        if (k <= 0) return -1;
        got += (size_t)k;
        buf[got] = '\0';
        if (end == NULL && (end = strstr(buf, "\r\n\r\n"))) {
            const char *cl = strcasestr(buf, "\r\nContent-Length:");
            if (cl == NULL) return -1;
            want = (size_t)(end - buf) + 4 + strtoul(cl + 17, NULL, 10);
            if (want >= cap) return -1;
        }
    }
    return !strncmp(buf, "HTTP/1.1 200", 12);
}

static void *run(void *p)
{
    job *j = p;
    char *buf = malloc(1 << 20);
    int fd = dial();
    for (long i = 0; i < per_thread && fd >= 0; i++) {
        int r = exchange(fd, claims[(size_t)(j->id + i * nthreads) % nclaims], buf, 1 << 20);
        if (r == 1) j->ok++;
        else j->bad++;
        if (r < 0) close(fd), fd = dial();
    }
    if (fd >= 0) close(fd);
    free(buf);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *file = NULL;
    long n = 20000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--claims")) file = argv[i + 1];
        else if (!strcmp(argv[i], "--n")) n = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--threads")) nthreads = atoi(argv[i + 1]);
    }
    FILE *f = file ? fopen(file, "r") : NULL;
    if (port <= 0 || f == NULL || n <= 0 || nthreads < 1 || nthreads > 64) {
        fprintf(stderr, "usage: yibao_httpload --port P --claims FILE.jsonl [--n N] [--threads T]\n");
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while (nclaims < (size_t)n && (len = getline(&line, &cap, f)) > 1) {
        line[len - 1] = '\0';
        claims = realloc(claims, (nclaims + 1) * sizeof *claims);
        claims[nclaims++] = strdup(line);
    }
    fclose(f);
    free(line);
    if (nclaims == 0) return 2;
    per_thread = n / nthreads;
    pthread_t t[64];
    job jobs[64] = {{0}};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < nthreads; i++) jobs[i].id = i, pthread_create(&t[i], NULL, run, &jobs[i]);
    long ok = 0, bad = 0;
    for (int i = 0; i < nthreads; i++) pthread_join(t[i], NULL), ok += jobs[i].ok, bad += jobs[i].bad;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    printf("requests %ld failed %ld ns %lld per_second %lld\n", ok + bad, bad, ns,
           ns ? (long long)((ok + bad) * 1000000000LL / ns) : 0);
    for (size_t i = 0; i < nclaims; i++) free(claims[i]);
    free(claims);
    return bad ? 1 : 0;
}
