/*
 * driver.c - DriverEntry / unload for wskbeacon.sys
 *
 * DriverEntry builds the context inside a __try block and leaves with
 * __leave on the first failure; the __finally block runs WbCleanup()
 * whenever the final status is a failure.  WbCleanup() inspects each
 * member of the context, so it is safe no matter how far DriverEntry
 * got, and WbUnload() calls exactly the same routine.
 */

#include "wskbeacon.h"

WB_CONTEXT g_Beacon;

static const WSK_CLIENT_DISPATCH WbClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

static NTSTATUS WbLoadConfig(_In_ PUNICODE_STRING RegistryPath, _Out_ PWB_CONFIG Config);
static NTSTATUS WbAllocateSendBuffer(_Inout_ PWB_CONTEXT Ctx);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, WbLoadConfig)
#pragma alloc_text(INIT, WbAllocateSendBuffer)
#pragma alloc_text(PAGE, WbUnload)
#pragma alloc_text(PAGE, WbCleanup)
#endif

static
NTSTATUS
WbLoadConfig(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PWB_CONFIG Config
    )
{
    RTL_QUERY_REGISTRY_TABLE table[5];
    UNICODE_STRING path;
    ULONG address = 0;
    ULONG port = 0;
    ULONG interval = WB_DEFAULT_INTERVAL_S;
    ULONG hostId = 0;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(Config, sizeof(*Config));
    RtlZeroMemory(table, sizeof(table));

    //
    // RtlQueryRegistryValues wants a NUL-terminated path; RegistryPath
    // is not guaranteed to be one, so build a temporary copy.
    //
    path.Length = 0;
    path.MaximumLength = RegistryPath->Length + sizeof(L"\\Parameters");
    path.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, path.MaximumLength, WB_POOL_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&path, RegistryPath);
    status = RtlAppendUnicodeToString(&path, L"\\Parameters");
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(path.Buffer, WB_POOL_TAG);
        return status;
    }

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"CollectorAddress";
    table[0].EntryContext = &address;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"CollectorPort";
    table[1].EntryContext = &port;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = L"IntervalSeconds";
    table[2].EntryContext = &interval;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[3].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[3].Name = L"HostId";
    table[3].EntryContext = &hostId;
    table[3].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path.Buffer, table, NULL, NULL);

    ExFreePoolWithTag(path.Buffer, WB_POOL_TAG);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (address == 0 || port == 0 || port > 0xFFFF) {
        return STATUS_INVALID_PARAMETER;
    }

    Config->CollectorAddress = RtlUlongByteSwap(address);   // registry holds host order
    Config->CollectorPort = RtlUshortByteSwap((USHORT)port);
    Config->IntervalSeconds = max(interval, WB_MIN_INTERVAL_S);
    Config->HostId = hostId;
    return STATUS_SUCCESS;
}

static
NTSTATUS
WbAllocateSendBuffer(
    _Inout_ PWB_CONTEXT Ctx
    )
{
    PAGED_CODE();

    Ctx->SendBuffer = (PCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, WB_SEND_BUFFER_SIZE, WB_POOL_TAG);
    if (Ctx->SendBuffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Ctx->SendMdl = IoAllocateMdl(Ctx->SendBuffer, WB_SEND_BUFFER_SIZE, FALSE, FALSE, NULL);
    if (Ctx->SendMdl == NULL) {
        // the buffer is released by WbCleanup
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    MmBuildMdlForNonPagedPool(Ctx->SendMdl);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
WbCleanup(
    PWB_CONTEXT Ctx
    )
{
    PAGED_CODE();

    //
    // 1. Stop the worker: it releases the provider NPI and closes its
    //    socket before it exits, which WskDeregister waits for.
    //
    WbStopWorker(Ctx);

    //
    // 2. Leave the WSK subsystem.
    //
    if (Ctx->Registered) {
        WskDeregister(&Ctx->Registration);
        Ctx->Registered = FALSE;
    }

    //
    // 3. Memory.
    //
    if (Ctx->SendMdl != NULL) {
        IoFreeMdl(Ctx->SendMdl);
        Ctx->SendMdl = NULL;
    }

    if (Ctx->SendBuffer != NULL) {
        ExFreePoolWithTag(Ctx->SendBuffer, WB_POOL_TAG);
        Ctx->SendBuffer = NULL;
    }
}

_Use_decl_annotations_
VOID
WbUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    WbInfo("unloading after %lu beacons, %lu failures", g_Beacon.Sequence, g_Beacon.Failures);
    WbCleanup(&g_Beacon);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    PWB_CONTEXT ctx = &g_Beacon;
    NTSTATUS status = STATUS_UNSUCCESSFUL;

    RtlZeroMemory(ctx, sizeof(*ctx));
    KeInitializeEvent(&ctx->StopEvent, NotificationEvent, FALSE);

    __try {

        status = WbLoadConfig(RegistryPath, &ctx->Config);
        if (!NT_SUCCESS(status)) {
            WbError("configuration missing or invalid: 0x%08X", status);
            __leave;
        }

        status = WbAllocateSendBuffer(ctx);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        ctx->ClientNpi.ClientContext = ctx;
        ctx->ClientNpi.Dispatch = &WbClientDispatch;

        status = WskRegister(&ctx->ClientNpi, &ctx->Registration);
        if (!NT_SUCCESS(status)) {
            WbError("WskRegister: 0x%08X", status);
            __leave;
        }
        ctx->Registered = TRUE;

        status = WbStartWorker(ctx);
        if (!NT_SUCCESS(status)) {
            WbError("worker thread: 0x%08X", status);
            __leave;
        }

        DriverObject->DriverUnload = WbUnload;
        status = STATUS_SUCCESS;

    } __finally {

        if (!NT_SUCCESS(status)) {
            WbCleanup(ctx);
        }
    }

    return status;
}
