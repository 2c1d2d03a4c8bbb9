#pragma once
/*
 * netbeacon - sends a small UDP heartbeat to a collector every few
 * seconds. A periodic KTIMER/KDPC wakes a dedicated system thread which
 * owns the WSK provider NPI and the datagram socket for its lifetime.
 */
#include <ntddk.h>
#include <wsk.h>
#include <ntstrsafe.h>

#define NB_TAG                  'nBtN'
#define NB_INTERVAL_MS          5000
#define NB_CAPTURE_SLICE_MS     1000
#define NB_COLLECTOR_ADDR       0x0100007F      /* 127.0.0.1, network order */
#define NB_COLLECTOR_PORT       5140
#define NB_PAYLOAD_MAX          64

#define NB_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "netbeacon: " fmt "\n", __VA_ARGS__)

typedef struct _NB_GLOBALS {
    WSK_REGISTRATION Registration;

    PETHREAD        Thread;         /* referenced; waited on at unload */
    KEVENT          StopEvent;      /* notification: thread must exit */
    KEVENT          TickEvent;      /* synchronization: set by the DPC */

    KTIMER          Timer;
    KDPC            Dpc;
    ULONG           IntervalMs;

    SOCKADDR_IN     Collector;
    volatile LONG   Sent;
    volatile LONG   Failed;
} NB_GLOBALS, *PNB_GLOBALS;

/* synchronous WSK call helper */
typedef struct _NB_IO {
    PIRP   Irp;
    KEVENT Event;
} NB_IO, *PNB_IO;

extern NB_GLOBALS g_Nb;

/* beacon.c */
KSTART_ROUTINE     NbThread;
KDEFERRED_ROUTINE  NbTimerDpc;
