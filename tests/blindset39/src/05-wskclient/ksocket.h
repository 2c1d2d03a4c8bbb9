#ifndef KSOCKET_H
#define KSOCKET_H

#include <ntddk.h>
#include <wsk.h>

#define KS_TAG                  'kcSK'
#define KS_CAPTURE_TIMEOUT_MS   5000

#define KS_DBG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "wskclient: " fmt "\n", ##__VA_ARGS__)

/* ksocket.c */
NTSTATUS KsStartup(VOID);
VOID     KsShutdown(VOID);

NTSTATUS KsOpenUdp(_Out_ PWSK_SOCKET *Socket);
NTSTATUS KsSendTo(_In_ PWSK_SOCKET Socket, _In_ PSOCKADDR_IN To,
                  _In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length);
VOID     KsClose(_In_ PWSK_SOCKET Socket);

#endif
