/* SPDX-License-Identifier: MIT */
/*
** empty.c
** yibao_empty: a program that does nothing and returns 0, linked with the same libraries
** as the yibao CLI, the same way (MPFR, GMP and Jansson as YIBAO_STATIC_DEPS has them,
** libmicrohttpd, pthreads). Timing it gives the cost of starting a process and loading
** those libraries, the floor under `yibao estimate` for one visit.
*/
int main(void) { return 0; }
