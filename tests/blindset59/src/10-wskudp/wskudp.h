/*
 * wskudp.h - periodic UDP heartbeat from kernel mode over WSK
 */
#ifndef WSKUDP_H
#define WSKUDP_H

#include <ntddk.h>
#include <wsk.h>
#include <ntstrsafe.h>

#define WU_TAG                  'pUkW'
#define WU_DEST_ADDR            0x7F000001UL    /* 127.0.0.1, host order */
#define WU_DEST_PORT            9999
#define WU_INTERVAL_SEC         10
#define WU_CAPTURE_SLICE_MS     1000
#define WU_PAYLOAD_MAX          64

#define WU_PRINT(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, lvl, "wskudp: " fmt "\n", __VA_ARGS__)
#define WU_INFO(fmt, ...)   WU_PRINT(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define WU_ERR(fmt, ...)    WU_PRINT(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

typedef struct _WU_GLOBALS {
    WSK_REGISTRATION    Registration;
    KEVENT              StopEvent;      /* set by unload */
    PKTHREAD            Thread;         /* referenced */
    SOCKADDR_IN         Destination;
    ULONG               IntervalSec;
    volatile LONG       Sent;
} WU_GLOBALS, *PWU_GLOBALS;

extern WU_GLOBALS g_Wu;

/* wsk.c */
KSTART_ROUTINE WuHeartbeatThread;

#endif
