/*
 * wsksyslog - kernel syslog (RFC 3164-ish) sender over WSK/UDP.
 * Meant to be linked into other test drivers; standalone it just says hi/bye.
 */
#ifndef WSKSYSLOG_H
#define WSKSYSLOG_H

#include <ntddk.h>
#include <wsk.h>

#define WSL_TAG             'gLsW'
#define WSL_PORT            514
#define WSL_CAPTURE_WAIT_MS 5000
#define WSL_MAX_MSG         480

/* collector: 192.168.56.1 (host-only adapter on the test VM) */
#define WSL_COLLECTOR_ADDR  ((ULONG)((1u << 24) | (56u << 16) | (168u << 8) | 192u))

#define WSL_FAC_KERN_INFO   "<6>"
#define WSL_FAC_KERN_ERR    "<3>"

#if DBG
#define WslTrace(fmt, ...) DbgPrint("wsksyslog: " fmt "\n", __VA_ARGS__)
#else
#define WslTrace(fmt, ...) ((void)0)
#endif

typedef struct _WSL_CONTEXT {
    WSK_REGISTRATION    Registration;
    WSK_PROVIDER_NPI    Provider;
    PWSK_SOCKET         Socket;
    SOCKADDR_IN         Collector;
    volatile LONG       Sequence;
    KEVENT              IoEvent;
    FAST_MUTEX          SendLock;
} WSL_CONTEXT, *PWSL_CONTEXT;

extern WSL_CONTEXT WslCtx;

/* wsknet.c */
NTSTATUS WslOpenSocket(_Inout_ PWSL_CONTEXT Ctx);
VOID     WslCloseSocket(_Inout_ PWSL_CONTEXT Ctx);
NTSTATUS WslSend(_Inout_ PWSL_CONTEXT Ctx, _In_z_ const char* Severity, _In_z_ const char* Text);

#endif
