/*
 * wskecho - kernel TCP echo server on top of Winsock Kernel.
 * One client at a time, good enough to poke at WSK with netcat.
 */
#ifndef _WSKSRV_H_
#define _WSKSRV_H_

#include <ntddk.h>
#include <wsk.h>

#define ECHO_TAG            'ohcE'
#define ECHO_PORT           7007
#define ECHO_BUF_SIZE       2048
#define ECHO_CAPTURE_MS     5000

#define ECHO_LOG(...)   KdPrint(("wskecho: " __VA_ARGS__))

#define CHECK(st, msg) \
    if (!NT_SUCCESS(st)) { ECHO_LOG("%s failed: 0x%08X\n", msg, st); goto cleanup; }

typedef struct _ECHO_GLOBALS {
    WSK_REGISTRATION    Registration;
    WSK_PROVIDER_NPI    Provider;
    PWSK_SOCKET         ListenSocket;
    HANDLE              ThreadHandle;
    KEVENT              StopEvent;
    volatile LONG       Clients;
} ECHO_GLOBALS, *PECHO_GLOBALS;

extern ECHO_GLOBALS g_Echo;

/* wsksrv.c */
NTSTATUS EchoWskStart(VOID);
VOID     EchoWskStop(VOID);
NTSTATUS EchoOpenListener(_In_ USHORT Port);
VOID     EchoCloseSocket(_In_ PWSK_SOCKET Socket);
KSTART_ROUTINE EchoAcceptThread;

#endif
