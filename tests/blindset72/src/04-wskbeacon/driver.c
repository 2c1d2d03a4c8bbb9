/*
 * wskbeacon - broadcasts a small UDP "I'm alive" datagram every few seconds.
 */
#include "beacon.h"

BEACON_GLOBALS g_Bcn;

static const WSK_CLIENT_DISPATCH g_WskDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

DRIVER_INITIALIZE  DriverEntry;
DRIVER_UNLOAD      BcnUnload;
KSTART_ROUTINE     BcnThread;

static VOID
BcnReadConfig(VOID)
{
    RTL_QUERY_REGISTRY_TABLE q[3];
    ULONG defPort = BCN_DEFAULT_PORT, defPeriod = BCN_DEFAULT_PERIOD;

    g_Bcn.Port = defPort;
    g_Bcn.PeriodSec = defPeriod;

    RtlZeroMemory(q, sizeof(q));
    q[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    q[0].Name = L"Port";
    q[0].EntryContext = &g_Bcn.Port;
    q[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    q[0].DefaultData = &defPort;
    q[0].DefaultLength = sizeof(ULONG);
    q[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    q[1].Name = L"PeriodSec";
    q[1].EntryContext = &g_Bcn.PeriodSec;
    q[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    q[1].DefaultData = &defPeriod;
    q[1].DefaultLength = sizeof(ULONG);

    /* Parameters live directly under the service key */
    RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_Bcn.RegistryPath->Buffer, q, NULL, NULL);

    if (g_Bcn.PeriodSec == 0 || g_Bcn.PeriodSec > 3600)
        g_Bcn.PeriodSec = BCN_DEFAULT_PERIOD;
}

VOID
BcnThread(PVOID Context)
{
    NTSTATUS st;
    LARGE_INTEGER due;
    CHAR *payload;
    ULONG seq = 0;

    UNREFERENCED_PARAMETER(Context);

    BcnReadConfig();

    st = WskCaptureProviderNPI(&g_Bcn.Registration, WSK_INFINITE_WAIT, &g_Bcn.Provider);
    if (!NT_SUCCESS(st)) {
        BLOG(("wskbeacon: capture NPI failed %08x\n", st));
        PsTerminateSystemThread(st);
    }
    g_Bcn.NpiCaptured = TRUE;

    payload = ExAllocatePool2(POOL_FLAG_NON_PAGED, BCN_PAYLOAD_MAX, BCN_TAG);
    if (!payload)
        PsTerminateSystemThread(STATUS_INSUFFICIENT_RESOURCES);

    st = BcnOpenSocket();
    if (!NT_SUCCESS(st)) {
        BLOG(("wskbeacon: socket %08x\n", st));
        ExFreePoolWithTag(payload, BCN_TAG);
        PsTerminateSystemThread(st);
    }

    due.QuadPart = -10000000LL * g_Bcn.PeriodSec;
    for (;;) {
        ULONG len;
        st = KeWaitForSingleObject(&g_Bcn.StopEvent, Executive, KernelMode, FALSE, &due);
        if (st == STATUS_SUCCESS)
            break;

        RtlZeroMemory(payload, BCN_PAYLOAD_MAX);
        len = (ULONG)_snprintf(payload, BCN_PAYLOAD_MAX - 1, "BEACON seq=%lu", ++seq);
        BcnSend(payload, len);
    }

    BcnCloseSocket();
    ExFreePoolWithTag(payload, BCN_TAG);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS st;
    WSK_CLIENT_NPI client;

    RtlZeroMemory(&g_Bcn, sizeof(g_Bcn));
    g_Bcn.RegistryPath = RegistryPath;
    KeInitializeEvent(&g_Bcn.StopEvent, NotificationEvent, FALSE);

    client.ClientContext = NULL;
    client.Dispatch = &g_WskDispatch;

    st = WskRegister(&client, &g_Bcn.Registration);
    if (!NT_SUCCESS(st)) {
        BLOG(("wskbeacon: WskRegister %08x\n", st));
        return st;
    }
    g_Bcn.Registered = TRUE;

    st = PsCreateSystemThread(&g_Bcn.ThreadHandle, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                              BcnThread, NULL);
    if (!NT_SUCCESS(st)) {
        WskDeregister(&g_Bcn.Registration);
        return st;
    }

    st = ObReferenceObjectByHandle(g_Bcn.ThreadHandle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                   (PVOID*)&g_Bcn.Thread, NULL);
    if (!NT_SUCCESS(st)) {
        /* can't happen for our own handle, but be tidy */
        KeSetEvent(&g_Bcn.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(g_Bcn.ThreadHandle, FALSE, NULL);
        ZwClose(g_Bcn.ThreadHandle);
        if (g_Bcn.NpiCaptured)
            WskReleaseProviderNPI(&g_Bcn.Registration);
        WskDeregister(&g_Bcn.Registration);
        return st;
    }

    DriverObject->DriverUnload = BcnUnload;
    BLOG(("wskbeacon: up\n"));
    return STATUS_SUCCESS;
}

VOID
BcnUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    KeSetEvent(&g_Bcn.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Bcn.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Bcn.Thread);
    ZwClose(g_Bcn.ThreadHandle);

    if (g_Bcn.Registered) {
        WskDeregister(&g_Bcn.Registration);
        g_Bcn.Registered = FALSE;
    }
    if (g_Bcn.NpiCaptured) {
        WskReleaseProviderNPI(&g_Bcn.Registration);
        g_Bcn.NpiCaptured = FALSE;
    }

    BLOG(("wskbeacon: gone\n"));
}
