/* SPDX-License-Identifier: MIT */
/*
** names.c
** The names of every closed set the tables, claims and results use: settings, schemes,
** burden categories, funds, adjustment operations, selector dimensions, reliabilities,
** contribution kinds, places — and the cases the closed dimensions accept.
*/
#include <stddef.h>

#include "model/model.h"

const char *const ybp_setting_names[YBP_NSETTING] = {"inpatient", "outpatient", "chronic"};

const char *const ybp_scheme_names[YBP_NSCHEME] = {"employee", "resident"};

const char *const ybp_cat_names[YBP_NCAT] = {"fulamt", "overlmt", "preselfpay",
                                             "deductible", "copay", "over_cap"};

const char *const ybp_fund_names[YBP_NFUND] = {"hifp", "hifob", "hifmi", "cvlserv",
                                               "maf", "hifes", "oth"};

const char *const ybp_rel_names[YBP_NREL] = {"official", "third-party", "unverified"};

const char *const ybp_op_names[YBP_NOP] = {
    "ratio_minus", "ratio_plus", "ratio_times", "selfshare_times", "ratio_floor",
    "deductible_times", "deductible_set", "deductible_pct_of_total", "prepay_fraction",
    "not_covered"};

const char *const ybp_dim_names[YBP_NDIM] = {"level", "person", "tier", "admission", "place",
                                             "filing", "settlement", "group", "age"};
const char *const ybp_kind_names[YBP_NKIND] = {"employee", "flexible", "resident"};
const char *const ybp_place_names[YBP_NPLACE] = {"local", "in_province", "cross_province"};

const char *const ybp_level_cases[] = {"community", "1", "2", "3", NULL};
const char *const ybp_place_cases[] = {"local", "in_province", "cross_province", NULL};
const char *const ybp_filing_cases[] = {"long_term", "referral", "emergency", "temporary",
                                        "none", "local", NULL};
const char *const ybp_settlement_cases[] = {"direct", "manual", NULL};
const char *const ybp_setting_cases[] = {"inpatient", "outpatient", "chronic", NULL};
const char *const ybp_scheme_cases[] = {"employee", "resident", NULL};
