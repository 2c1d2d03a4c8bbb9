/* SPDX-License-Identifier: GPL-2.0
 *
 * Copyright (C) wgtun contributors. All Rights Reserved.
 */

#pragma once

#include <wdm.h>

#define TUN_LOG_COMPONENT "wgtun: "

#if DBG
#    define LogTrace(Fmt, ...) \
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, TUN_LOG_COMPONENT Fmt "\n", ##__VA_ARGS__)
#else
#    define LogTrace(Fmt, ...) ((VOID)0)
#endif

#define LogInfo(Fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, TUN_LOG_COMPONENT Fmt "\n", ##__VA_ARGS__)
#define LogWarn(Fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_WARNING_LEVEL, TUN_LOG_COMPONENT Fmt "\n", ##__VA_ARGS__)
#define LogErr(Fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, TUN_LOG_COMPONENT Fmt "\n", ##__VA_ARGS__)

/* Evaluate Expr; on failure, log and jump to Label with Status set. */
#define TRY(Status, Expr, Label) \
    do \
    { \
        (Status) = (Expr); \
        if (!NT_SUCCESS(Status)) \
        { \
            LogErr("%s failed: 0x%08x (%s:%d)", #Expr, (Status), __FILE__, __LINE__); \
            goto Label; \
        } \
    } while (0)
