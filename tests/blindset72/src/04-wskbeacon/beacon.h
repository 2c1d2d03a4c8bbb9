#ifndef _BEACON_H_
#define _BEACON_H_

#include <ntddk.h>
#include <wsk.h>

#define BCN_TAG             'nocB'
#define BCN_DEFAULT_PORT    47001
#define BCN_DEFAULT_PERIOD  5          /* seconds */
#define BCN_PAYLOAD_MAX     128

#define BLOG(_x_)  DbgPrint _x_

typedef struct _BEACON_GLOBALS {
    WSK_REGISTRATION    Registration;
    WSK_PROVIDER_NPI    Provider;
    BOOLEAN             Registered;
    BOOLEAN             NpiCaptured;

    PUNICODE_STRING     RegistryPath;
    ULONG               Port;
    ULONG               PeriodSec;

    HANDLE              ThreadHandle;
    PKTHREAD            Thread;
    KEVENT              StopEvent;

    PWSK_SOCKET         Socket;
} BEACON_GLOBALS;

extern BEACON_GLOBALS g_Bcn;

/* wskio.c */
NTSTATUS BcnOpenSocket(VOID);
VOID     BcnCloseSocket(VOID);
NTSTATUS BcnSend(_In_reads_bytes_(Len) PVOID Data, _In_ ULONG Len);

#endif
