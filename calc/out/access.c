/*
** access.c
** Typed reads of a result (yibao.h § Typed results): its amounts in fen, by field, so a
** billing tool, the CLI or the benchmark reads a settlement without printing and parsing
** JSON.
*/
#include "out/out.h"

static const char *const field_names[YB_NFIELDS] = {
    "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
    "act_pay_dedc", "hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "maf_pay", "hifes_pay",
    "oth_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay", "balc",
    "acct_mulaid_pay", "psn_burden.fulamt", "psn_burden.overlmt", "psn_burden.preselfpay",
    "psn_burden.deductible", "psn_burden.copay", "psn_burden.over_cap"};

const char *yb_field_name(yb_field f)
{
    return (unsigned)f < YB_NFIELDS ? field_names[f] : NULL;
}

long long yb_result_amount(const yb_result *r, yb_field f)
{
    if (r == NULL) return 0;
    switch (f) {
    case YB_F_MEDFEE_SUMAMT: return r->medfee;
    case YB_F_FULAMT_OWNPAY_AMT: return r->fulamt;
    case YB_F_OVERLMT_SELFPAY: return r->overlmt;
    case YB_F_PRESELFPAY_AMT: return r->preselfpay;
    case YB_F_INSCP_SCP_AMT: return r->inscp;
    case YB_F_ACT_PAY_DEDC: return r->dedc;
    case YB_F_HIFP_PAY: return r->fund[YBP_F_HIFP];
    case YB_F_HIFOB_PAY: return r->fund[YBP_F_HIFOB];
    case YB_F_HIFMI_PAY: return r->fund[YBP_F_HIFMI];
    case YB_F_CVLSERV_PAY: return r->fund[YBP_F_CVLSERV];
    case YB_F_MAF_PAY: return r->fund[YBP_F_MAF];
    case YB_F_HIFES_PAY: return r->fund[YBP_F_HIFES];
    case YB_F_OTH_PAY: return r->fund[YBP_F_OTH];
    case YB_F_FUND_PAY_SUMAMT: return r->fund_sum;
    case YB_F_PSN_PART_AMT: return r->psn_part;
    case YB_F_ACCT_PAY: return r->acct;
    case YB_F_PSN_CASH_PAY: return r->cash;
    case YB_F_BALC: return r->balc;
    case YB_F_ACCT_MULAID_PAY: return r->mulaid;
    case YB_F_BURDEN_FULAMT: return r->burden[YBP_C_FULAMT];
    case YB_F_BURDEN_OVERLMT: return r->burden[YBP_C_OVERLMT];
    case YB_F_BURDEN_PRESELFPAY: return r->burden[YBP_C_PRESELFPAY];
    case YB_F_BURDEN_DEDUCTIBLE: return r->burden[YBP_C_DEDUCTIBLE];
    case YB_F_BURDEN_COPAY: return r->burden[YBP_C_COPAY];
    case YB_F_BURDEN_OVER_CAP: return r->burden[YBP_C_OVERCAP];
    default: return 0;
    }
}

long long yb_result_pool_prop(const yb_result *r) { return r ? r->pool_prop : 0; }
