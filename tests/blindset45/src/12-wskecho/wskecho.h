/*
 * wskecho - kernel UDP echo responder on WSK.
 *
 * Modules (Init/Uninit pairs, called in this order from DriverEntry):
 *   EchoConfigLoad   - reads Parameters once, keeps nothing from RegistryPath
 *   EchoWskInit      - WskRegister
 *   EchoServerStart  - worker thread: capture NPI, socket, echo loop
 */
#pragma once

#include <ntddk.h>
#include <wsk.h>
#include "trace.h"

#define ECHO_TAG            'ohcE'
#define ECHO_DEFAULT_PORT   7
#define ECHO_BUFFER_SIZE    2048
#define ECHO_NPI_WAIT_MS    1000

typedef struct _ECHO_GLOBALS {
    WSK_REGISTRATION    Registration;
    BOOLEAN             Registered;

    PETHREAD            Thread;
    KEVENT              StopEvent;

    USHORT              Port;           /* host order */
    volatile LONG       Echoed;
} ECHO_GLOBALS, *PECHO_GLOBALS;

extern ECHO_GLOBALS Globals;

/* driver.c */
VOID     EchoConfigLoad(_In_ PUNICODE_STRING RegistryPath);

/* server.c */
NTSTATUS EchoWskInit(VOID);
VOID     EchoWskUninit(VOID);
NTSTATUS EchoServerStart(VOID);
VOID     EchoServerStop(VOID);
