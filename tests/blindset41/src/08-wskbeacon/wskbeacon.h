#pragma once

#include <ntddk.h>
#include <wsk.h>

#define BEACON_TAG              'nocB'
#define BEACON_NPI_WAIT_MS      5000
#define BEACON_COLLECTOR_IP     0x7F000001      /* 127.0.0.1, host order */
#define BEACON_COLLECTOR_PORT   9999
#define BEACON_MSG_MAX          128

#define BLOG(fmt, ...)  KdPrintEx((DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,  "wskbeacon: " fmt "\n", __VA_ARGS__))
#define BERR(fmt, ...)  KdPrintEx((DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "wskbeacon: " fmt "\n", __VA_ARGS__))

typedef struct _BEACON_STATE {
    WSK_REGISTRATION    Registration;
    WSK_PROVIDER_NPI    Provider;
    BOOLEAN             Registered;
    BOOLEAN             NpiCaptured;
    PWSK_SOCKET         Socket;
    ULONG               Sent;
} BEACON_STATE, *PBEACON_STATE;

extern BEACON_STATE g_Beacon;

NTSTATUS BeaconAttach(VOID);
NTSTATUS BeaconOpenSocket(VOID);
NTSTATUS BeaconSend(_In_reads_bytes_(Length) const VOID* Data, _In_ ULONG Length);
VOID     BeaconDetach(VOID);
