/*
 * wskbeacon - sends a small UDP datagram ("I'm alive" + hostname-ish tag +
 * uptime) to a fixed collector every few seconds. WSK datagram socket.
 */
#ifndef BEACON_H
#define BEACON_H

#include <ntddk.h>
#include <wsk.h>

#define BCN_TAG             'nocB'
#define BCN_COLLECTOR_IP    0x0A00A8C0UL    /* 192.168.0.10, network order */
#define BCN_COLLECTOR_PORT  5140
#define BCN_INTERVAL_MS     5000
#define BCN_NPI_WAIT_MS     1000
#define BCN_PAYLOAD_MAX     128

#define BLOG(...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wskbeacon: " __VA_ARGS__)
#define BERR(...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wskbeacon: " __VA_ARGS__)

typedef struct _BCN_CONTEXT {
    WSK_REGISTRATION    Registration;
    BOOLEAN             Registered;
    PKTHREAD            Thread;         /* referenced */
    KEVENT              Stop;
    ULONG               Sent;
} BCN_CONTEXT, *PBCN_CONTEXT;

extern BCN_CONTEXT Bcn;

/* sock.c */
NTSTATUS BcnRegister(VOID);
VOID     BcnDeregister(VOID);
KSTART_ROUTINE BcnThread;

#endif /* BEACON_H */
