#!/usr/bin/env bash
# entrycheck header-overlay self test.
# Parses each prelude as a header and a set of small driver snippets, in C and
# C++, with exactly the flags entrycheck uses, and fails on any error, on any
# warning in snippet code, and on any warning located in this overlay (the
# overlay is a system include dir, so those are checked with -Wsystem-headers).
# Warnings inside mingw-w64's own headers are reported but tolerated.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OVERLAY="$HERE/include"
CLANG="${CLANG:-clang}"
MINGW=/usr/share/mingw-w64/include
BASE=(--target=x86_64-w64-mingw32 -fgnuc-version=4.2.1 -fms-compatibility -fms-extensions -nostdlibinc
      -isystem "$OVERLAY" -isystem "$MINGW/ddk" -isystem "$MINGW")
CXX=(-x c++ -std=c++17 -fcxx-exceptions)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail=0
declare -A MINGW_WARN=()
declare -A USER_IGNORED=()

# Each case is one clang run with -Wall -Wsystem-headers: its output holds the
# errors as well as every warning, which classify() then splits into errors,
# warnings located in this overlay, warnings in snippet code and warnings inside
# mingw-w64's headers.  Cases are queued with add_case, run in parallel by
# run_cases (SELFTEST_JOBS jobs, default: number of CPUs), then classified one
# by one in the order they were added.
CASE_NAME=() CASE_LANG=()
# add_case NAME LANG FILE [extra clang args...]
add_case() {
    local name="$1" lang="$2" file="$3"; shift 3
    local i=${#CASE_NAME[@]}
    CASE_NAME+=("$name"); CASE_LANG+=("$lang")
    local langargs=()
    [ "$lang" = "c++" ] && langargs=("${CXX[@]}")
    printf '%s\0' "$CLANG" -fsyntax-only "${BASE[@]}" "${langargs[@]}" \
        -Wall -Wsystem-headers "$@" "$file" > "$WORK/case.$i.argv"
}

run_one() {   # run_one INDEX: the case's clang output and exit status
    local i="$1" argv=()
    mapfile -d '' -t argv < "$WORK/case.$i.argv"
    "${argv[@]}" > "$WORK/case.$i.out" 2>&1
    echo $? > "$WORK/case.$i.rc"
}

run_cases() {
    local jobs="${SELFTEST_JOBS:-$(nproc 2>/dev/null || echo 2)}" i running=0
    for i in "${!CASE_NAME[@]}"; do
        if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
        run_one "$i" &
        running=$((running + 1))
    done
    wait
}

passed=0 failed=0
classify() {  # classify INDEX
    local i="$1" name="${CASE_NAME[$1]}" lang="${CASE_LANG[$1]}"
    local out rc errs ours user w k
    out="$(cat "$WORK/case.$i.out" 2>/dev/null)"
    rc="$(cat "$WORK/case.$i.rc" 2>/dev/null)"
    errs="$(grep -E ': (fatal )?error:' <<<"$out")"
    # a non-zero exit without an error line (crash, signal) still fails
    if [ -z "$errs" ] && [ "${rc:-1}" != 0 ]; then
        errs="clang exited with status ${rc:-unknown}"
    fi
    ours="$(grep -E ': warning:' <<<"$out" | grep -F "$OVERLAY/")"
    # warnings in snippet code: all count except the two that real driver code
    # always triggers with clang (#pragma alloc_text; C++ string literals in
    # mingw's RTL_CONSTANT_STRING), which are counted and reported instead.
    user="$(grep -E ': warning:' <<<"$out" | grep -F "$WORK/" | grep -vE '\[-W(unknown-pragmas|writable-strings)\]')"
    while IFS= read -r k; do
        [ -n "$k" ] && USER_IGNORED["$k"]=$(( ${USER_IGNORED["$k"]:-0} + 1 ))
    done < <(grep -E ': warning:' <<<"$out" | grep -F "$WORK/" | grep -E '\[-W(unknown-pragmas|writable-strings)\]' |
             sed -E 's/.*\[(-W[a-z-]+)\]$/\1/')
    while IFS= read -r w; do
        [ -n "$w" ] && MINGW_WARN["$w"]=1
    done < <(grep -E ': warning:' <<<"$out" | grep -F "$MINGW/" | sed -E 's/:[0-9]+:[0-9]+:/:/')
    if [ -n "$errs$ours$user" ]; then
        printf 'FAIL  %-5s %s\n' "$lang" "$name"
        printf '%s\n' "$errs" "$ours" "$user" | grep -v '^$' | head -20 | sed 's/^/      /'
        fail=1; failed=$((failed + 1))
    else
        printf 'ok    %-5s %s\n' "$lang" "$name"
        passed=$((passed + 1))
    fi
}

PREAMBLE='#ifdef __cplusplus
#define EC_EXTERN_C extern "C"
#else
#define EC_EXTERN_C
#endif
'

# snippet NAME MODE(kernel|user) HEADERS... -- BODY   (BODY read from stdin)
SNIPPETS=()
snippet() {
    local name="$1" mode="$2"; shift 2
    local f="$WORK/$name.c"
    { for h in "$@"; do echo "#include <$h>"; done; printf '%s' "$PREAMBLE"; cat; } > "$f"
    SNIPPETS+=("$name:$mode")
}

snippet ntddk kernel ntddk.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD Unload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH CreateClose;
#ifdef ALLOC_PRAGMA
#endif
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, Unload)
static PDEVICE_OBJECT g_dev;
_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\Sample");
    NTSTATUS status;
    PVOID p;
    UNREFERENCED_PARAMETER(RegistryPath);
    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'lpmS');
    if (p == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    ExFreePoolWithTag(p, 'lpmS');
    {
        ULONG flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
        ULONG type = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
        ULONG prio = (ULONG)NormalPagePriority | MdlMappingNoExecute;
        POOL_TYPE pool = (POOL_TYPE)(NonPagedPool | POOL_NX_ALLOCATION);
        if (flags == 0 || type == 0 || prio == 0 || pool != NonPagedPoolNx) return STATUS_UNSUCCESSFUL;
    }
    __try {
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_dev);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) return status;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = CreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CreateClose;
    DriverObject->DriverUnload = Unload;
    return STATUS_SUCCESS;
}
NTSTATUS CreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
VOID Unload(PDRIVER_OBJECT DriverObject) { UNREFERENCED_PARAMETER(DriverObject); PAGED_CODE(); IoDeleteDevice(g_dev); }
EOF

snippet wdm kernel wdm.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE AddDevice;
DRIVER_UNLOAD Unload;
_Function_class_(DRIVER_DISPATCH) _IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS Pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverExtension->AddDevice = AddDevice;
    DriverObject->MajorFunction[IRP_MJ_PNP] = Pnp;
    DriverObject->DriverUnload = Unload;
    return STATUS_SUCCESS;
}
NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{ UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(Pdo); return STATUS_SUCCESS; }
NTSTATUS Pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{ UNREFERENCED_PARAMETER(DeviceObject); IoSkipCurrentIrpStackLocation(Irp); return STATUS_SUCCESS; }
VOID Unload(PDRIVER_OBJECT DriverObject) { UNREFERENCED_PARAMETER(DriverObject); }
EOF

snippet minifilter kernel ntifs.h fltKernel.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
static PFLT_FILTER gFilter;
static PFLT_PORT gServerPort;
FLT_PREOP_CALLBACK_STATUS PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
FLT_FILTER_UNLOAD_CALLBACK Unload;
FLT_INSTANCE_SETUP_CALLBACK InstanceSetup;
FLT_CONNECT_NOTIFY PortConnect;
FLT_DISCONNECT_NOTIFY PortDisconnect;
static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, PreCreate, PostCreate },
    { IRP_MJ_OPERATION_END }
};
static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, NULL, 64, 'xtcS' },
    { FLT_CONTEXT_END }
};
static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0,
    Contexts, Callbacks, Unload, InstanceSetup, NULL, NULL, NULL,
    NULL, NULL, NULL
};
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\ScannerPort");
    UNREFERENCED_PARAMETER(RegistryPath);
    status = FltRegisterFilter(DriverObject, &FilterRegistration, &gFilter);
    if (!NT_SUCCESS(status)) return status;
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
        status = FltCreateCommunicationPort(gFilter, &gServerPort, &oa, NULL, PortConnect, PortDisconnect, NULL, 1);
        FltFreeSecurityDescriptor(sd);
    }
    if (NT_SUCCESS(status)) status = FltStartFiltering(gFilter);
    if (!NT_SUCCESS(status)) {
        if (gServerPort) FltCloseCommunicationPort(gServerPort);
        FltUnregisterFilter(gFilter);
    }
    return status;
}
FLT_PREOP_CALLBACK_STATUS PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION ni;
    UNREFERENCED_PARAMETER(FltObjects); *CompletionContext = NULL;
    if (Data->Iopb->MajorFunction == IRP_MJ_CREATE &&
        NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &ni))) {
        FltParseFileNameInformation(ni);
        FltReleaseFileNameInformation(ni);
    }
    Data->IoStatus.Status = STATUS_SUCCESS;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}
FLT_POSTOP_CALLBACK_STATUS PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext); UNREFERENCED_PARAMETER(Flags);
    if (!NT_SUCCESS(Data->IoStatus.Status)) return FLT_POSTOP_FINISHED_PROCESSING;
    FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    return FLT_POSTOP_FINISHED_PROCESSING;
}
NTSTATUS Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{ UNREFERENCED_PARAMETER(Flags); FltCloseCommunicationPort(gServerPort); FltUnregisterFilter(gFilter); return STATUS_SUCCESS; }
NTSTATUS InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags, DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{ UNREFERENCED_PARAMETER(FltObjects); UNREFERENCED_PARAMETER(Flags); UNREFERENCED_PARAMETER(VolumeDeviceType); FLT_ASSERT(VolumeFilesystemType != FLT_FSTYPE_UNKNOWN || TRUE); return STATUS_SUCCESS; }
NTSTATUS PortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext, _Flt_ConnectionCookie_Outptr_ PVOID *ConnectionCookie)
{ UNREFERENCED_PARAMETER(ClientPort); UNREFERENCED_PARAMETER(ServerPortCookie); UNREFERENCED_PARAMETER(ConnectionContext); UNREFERENCED_PARAMETER(SizeOfContext); *ConnectionCookie = NULL; return STATUS_SUCCESS; }
VOID PortDisconnect(PVOID ConnectionCookie) { UNREFERENCED_PARAMETER(ConnectionCookie); }
EOF

snippet kmdf kernel ntddk.h wdf.h <<'EOF'
#define WPP_CONTROL_GUIDS \
    WPP_DEFINE_CONTROL_GUID(SampleTraceGuid, (84bdb2e9,829e,41b3,b891,02f454bc2bd7), \
        WPP_DEFINE_BIT(TRACE_DRIVER) WPP_DEFINE_BIT(TRACE_DEVICE))
#include <entrycheck/wpp.h>   /* what the stub for "driver.tmh" contains */
typedef struct _DEVICE_CONTEXT { ULONG Data; } DEVICE_CONTEXT, *PDEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
#pragma alloc_text(INIT, DriverEntry)
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    NTSTATUS status;
    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = EvtDriverContextCleanup;
    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
    config.DriverPoolTag = 'lpmS';
    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }
    return status;
}
NTSTATUS EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Driver);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) return status;
    DeviceGetContext(device)->Data = 0;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    return status;
}
VOID EvtDriverContextCleanup(WDFOBJECT DriverObject)
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
VOID EvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength, size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue); UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength); UNREFERENCED_PARAMETER(IoControlCode);
    WdfRequestCompleteWithInformation(Request, STATUS_INVALID_DEVICE_REQUEST, 0);
}
EOF

snippet kmdf_control kernel ntddk.h wdmsec.h wdf.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD EvtUnload;
DRIVER_UNLOAD MiniportStyleUnload;
typedef struct _USB_CONTEXT { WDFUSBDEVICE UsbDevice; WDFUSBINTERFACE UsbInterface; WDFUSBPIPE BulkIn; } USB_CONTEXT;
VOID MiniportStyleUnload(PDRIVER_OBJECT DriverObject) { UNREFERENCED_PARAMETER(DriverObject); WdfDriverMiniportUnload(WdfGetDriver()); }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(name, L"\\Device\\Ctl");
    DECLARE_CONST_UNICODE_STRING(link, L"\\DosDevices\\Ctl");
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = EvtUnload;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) return status;
    init = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    WdfDeviceInitSetExclusive(init, FALSE);
    status = WdfDeviceInitAssignName(init, &name);
    if (NT_SUCCESS(status)) status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) { WdfDeviceInitFree(init); return status; }
    status = WdfDeviceCreateSymbolicLink(device, &link);
    WdfControlFinishInitializing(device);
    return status;
}
VOID EvtUnload(WDFDRIVER Driver) { UNREFERENCED_PARAMETER(Driver); }
EOF

snippet kmdf_custom kernel ntddk.h wdf.h <<'EOF'
WDF_DECLARE_CUSTOM_TYPE(MY_CUSTOM_TYPE);
WDF_DECLARE_CUSTOM_TYPE(MY_OTHER_TYPE)
NTSTATUS ReadValue(__in_bcount_opt(Size) PVOID Input, ULONG Size,
                   __deref_opt_out_bcount_opt(*OutSize) PVOID *Output, __out_opt PULONG OutSize);
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (NT_SUCCESS(status))
        status = WdfObjectAddCustomType(driver, MY_CUSTOM_TYPE);
    if (NT_SUCCESS(status) && !WdfObjectIsCustomType(driver, MY_CUSTOM_TYPE))
        status = STATUS_UNSUCCESSFUL;
    if ((WdfDriverGlobals->DriverFlags & WdfVerifyOn) && !NT_SUCCESS(status))
        DbgBreakPoint();
    return status;
}
EOF

snippet umdf user windows.h wdf.h <<'EOF'
#define WPP_CONTROL_GUIDS \
    WPP_DEFINE_CONTROL_GUID(UmdfTraceGuid, (11111111,2222,3333,4444,555555555555), \
        WPP_DEFINE_BIT(TRACE_DRIVER))
#include <entrycheck/wpp.h>
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtCleanup;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;
    WPP_INIT_TRACING(DriverObject, RegistryPath);
    WPP_INIT_TRACING(L"UmdfSample");
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = EvtCleanup;
    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
    }
    return status;
}
NTSTATUS EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDFDEVICE device;
    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
VOID EvtCleanup(WDFOBJECT Object) { UNREFERENCED_PARAMETER(Object); WPP_CLEANUP(); }
EOF

snippet ata_ntddk kernel ntddk.h irb.h <<'EOF'
BOOLEAN ChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext);
ATA_CHANNEL_STATE ChannelEnabled(PVOID ControllerExtension, ULONG Channel);
BOOLEAN HwInitialize(PVOID ChannelExtension, PIDE_DEVICE_PARAMETERS DeviceParameters, PIDENTIFY_DEVICE_DATA IdentifyData);
EC_EXTERN_C ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    IDE_CONTROLLER_INTERFACE ci;
    RtlZeroMemory(&ci, sizeof(ci));
    ci.Version = sizeof(IDE_CONTROLLER_INTERFACE);
    ci.ControllerExtensionSize = 16;
    ci.ChannelExtensionSize = 16;
    ci.AtaChannelInitRoutine = ChannelInit;
    ci.AtaControllerChannelEnabled = ChannelEnabled;
    return AtaPortInitializeEx(DriverObject, RegistryPath, &ci);
}
BOOLEAN ChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext)
{ UNREFERENCED_PARAMETER(ChannelExtension); UNREFERENCED_PARAMETER(InitContext); ChannelInterface->IdeHwInitialize = HwInitialize; return TRUE; }
ATA_CHANNEL_STATE ChannelEnabled(PVOID ControllerExtension, ULONG Channel)
{ UNREFERENCED_PARAMETER(ControllerExtension); UNREFERENCED_PARAMETER(Channel); return ChannelStateEnabled; }
BOOLEAN HwInitialize(PVOID ChannelExtension, PIDE_DEVICE_PARAMETERS DeviceParameters, PIDENTIFY_DEVICE_DATA IdentifyData)
{ UNREFERENCED_PARAMETER(ChannelExtension); UNREFERENCED_PARAMETER(DeviceParameters); UNREFERENCED_PARAMETER(IdentifyData); return TRUE; }
EOF

snippet ata_irb kernel ata.h irb.h <<'EOF'
EC_EXTERN_C ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    IDE_CONTROLLER_INTERFACE ci;
    IDE_CONTROLLER_CONFIGURATION cfg;
    PIDE_CONTROLLER_CONFIGURATION pcfg = &cfg;
    RtlZeroMemory(&ci, sizeof(ci));
    RtlZeroMemory(&cfg, sizeof(cfg));
    ci.Version = sizeof(ci);
    pcfg->NumberOfChannels = 2;
    if (pcfg->ControllerMode == IdeModeDump || pcfg->AtaBusType == IdeBusSata ||
        (pcfg->ControllerResources && pcfg->ControllerResources->NumberOfAccessRanges == 0)) return 0;
    return AtaPortInitializeEx(DriverObject, RegistryPath, &ci);
}
EOF

STORPORT_BODY='EC_EXTERN_C sp_DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER FindAdapter;
HW_INITIALIZE HwInitialize;
HW_STARTIO StartIo;
HW_BUILDIO BuildIo;
HW_INTERRUPT Isr;
HW_RESET_BUS ResetBus;
HW_ADAPTER_CONTROL AdapterControl;
HW_UNIT_CONTROL UnitControl;
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    RtlZeroMemory(&init, sizeof(HW_INITIALIZATION_DATA));
    init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = FindAdapter;
    init.HwInitialize = HwInitialize;
    init.HwStartIo = StartIo;
    init.HwBuildIo = BuildIo;
    init.HwInterrupt = Isr;
    init.HwResetBus = ResetBus;
    init.HwAdapterControl = AdapterControl;
    init.HwUnitControl = UnitControl;
    init.DeviceExtensionSize = 64;
    init.NumberOfAccessRanges = 1;
    init.TaggedQueuing = TRUE;
    init.MultipleRequestPerLu = TRUE;
    init.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    init.FeatureSupport = STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES;
    init.SrbTypeFlags = SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK;
    init.AddressTypeFlags = ADDRESS_TYPE_FLAG_BTL8;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
ULONG FindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension); UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation); UNREFERENCED_PARAMETER(ArgumentString); UNREFERENCED_PARAMETER(Again);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaxNumberOfIO = 1000;
    ConfigInfo->ScatterGather = TRUE;
    return SP_RETURN_FOUND;
}
BOOLEAN HwInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }
BOOLEAN BuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) { UNREFERENCED_PARAMETER(DeviceExtension); UNREFERENCED_PARAMETER(Srb); return TRUE; }
BOOLEAN StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
BOOLEAN Isr(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return FALSE; }
BOOLEAN ResetBus(PVOID DeviceExtension, ULONG PathId) { UNREFERENCED_PARAMETER(DeviceExtension); UNREFERENCED_PARAMETER(PathId); return TRUE; }
SCSI_ADAPTER_CONTROL_STATUS AdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension); UNREFERENCED_PARAMETER(Parameters);
    switch (ControlType) {
    case ScsiQuerySupportedControlTypes: case ScsiStopAdapter: case ScsiAdapterPower: return ScsiAdapterControlSuccess;
    default: return ScsiAdapterControlUnsuccessful;
    }
}
SCSI_UNIT_CONTROL_STATUS UnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters)
{ UNREFERENCED_PARAMETER(DeviceExtension); UNREFERENCED_PARAMETER(ControlType); UNREFERENCED_PARAMETER(Parameters); return ScsiUnitControlSuccess; }
'
snippet storport kernel storport.h <<<"$STORPORT_BODY"
snippet storport_ntddk kernel ntddk.h storport.h <<<"$STORPORT_BODY"

snippet scsiport kernel miniport.h srb.h scsi.h <<'EOF'
EC_EXTERN_C ULONG DriverEntry(PVOID DriverObject, PVOID Argument2);
ULONG FindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
BOOLEAN StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
ULONG DriverEntry(PVOID DriverObject, PVOID Argument2)
{
    HW_INITIALIZATION_DATA hwInitData;
    ULONG i;
    for (i = 0; i < sizeof(HW_INITIALIZATION_DATA); i++) ((PUCHAR)&hwInitData)[i] = 0;
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.AdapterInterfaceType = Isa;
    hwInitData.HwFindAdapter = FindAdapter;
    hwInitData.HwStartIo = StartIo;
    hwInitData.MapBuffers = TRUE;
    return ScsiPortInitialize(DriverObject, Argument2, &hwInitData, NULL);
}
ULONG FindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVOID ext;
    UNREFERENCED_PARAMETER(HwContext); UNREFERENCED_PARAMETER(BusInformation); UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext = ScsiPortGetUncachedExtension(DeviceExtension, ConfigInfo, 4096);
    return ext ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}
BOOLEAN StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
    ScsiPortNotification(NextRequest, DeviceExtension, NULL);
    return TRUE;
}
EOF

NDIS_MINIPORT_BODY='EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
MINIPORT_SET_OPTIONS MpSetOptions;
MINIPORT_INITIALIZE MpInitialize;
MINIPORT_HALT MpHalt;
MINIPORT_UNLOAD MpUnload;
MINIPORT_PAUSE MpPause;
MINIPORT_RESTART MpRestart;
MINIPORT_OID_REQUEST MpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MpSend;
MINIPORT_RETURN_NET_BUFFER_LISTS MpReturn;
MINIPORT_CANCEL_SEND MpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY MpPnp;
MINIPORT_SHUTDOWN MpShutdown;
MINIPORT_CANCEL_OID_REQUEST MpCancelOid;
static NDIS_HANDLE gDriverHandle;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;
    NdisZeroMemory(&mc, sizeof(mc));
    mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
    mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
    mc.MajorDriverVersion = 1;
    mc.SetOptionsHandler = MpSetOptions;
    mc.InitializeHandlerEx = MpInitialize;
    mc.HaltHandlerEx = MpHalt;
    mc.UnloadHandler = MpUnload;
    mc.PauseHandler = MpPause;
    mc.RestartHandler = MpRestart;
    mc.OidRequestHandler = MpOidRequest;
    mc.SendNetBufferListsHandler = MpSend;
    mc.ReturnNetBufferListsHandler = MpReturn;
    mc.CancelSendHandler = MpCancelSend;
    mc.DevicePnPEventNotifyHandler = MpPnp;
    mc.ShutdownHandlerEx = MpShutdown;
    mc.CancelOidRequestHandler = MpCancelOid;
    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc, &gDriverHandle);
    return (NTSTATUS)status;
}
VOID MpUnload(PDRIVER_OBJECT DriverObject) { UNREFERENCED_PARAMETER(DriverObject); NdisMDeregisterMiniportDriver(gDriverHandle); }
NDIS_STATUS MpInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_INIT_PARAMETERS InitParameters)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES ra;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES ga;
    NDIS_STATUS status;
    UNREFERENCED_PARAMETER(MiniportDriverContext); UNREFERENCED_PARAMETER(InitParameters);
    NdisZeroMemory(&ra, sizeof(ra));
    ra.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    ra.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    ra.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    ra.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE | NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER | NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    ra.InterfaceType = NdisInterfacePci;
    status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&ra);
    if (status != NDIS_STATUS_SUCCESS) return status;
    NdisZeroMemory(&ga, sizeof(ga));
    ga.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    ga.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    ga.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    ga.MediaType = NdisMedium802_3;
    ga.MtuSize = 1500;
    return NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&ga);
}
VOID MpSend(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbl, NDIS_PORT_NUMBER Port, ULONG Flags)
{
    PNET_BUFFER_LIST cur;
    ULONG completeFlags = 0;
    UNREFERENCED_PARAMETER(Port);
    for (cur = Nbl; cur != NULL; cur = NET_BUFFER_LIST_NEXT_NBL(cur)) NET_BUFFER_LIST_STATUS(cur) = NDIS_STATUS_SUCCESS;
    if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(Flags)) NDIS_SET_SEND_COMPLETE_FLAG(completeFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    NdisMSendNetBufferListsComplete(Ctx, Nbl, completeFlags);
}
'
snippet ndis_miniport kernel ndis.h <<<"$NDIS_MINIPORT_BODY"

snippet ndis_filter_protocol kernel ntddk.h ndis.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD Unload;
FILTER_ATTACH FilterAttach;
FILTER_DETACH FilterDetach;
FILTER_RESTART FilterRestart;
FILTER_PAUSE FilterPause;
FILTER_SEND_NET_BUFFER_LISTS FilterSend;
FILTER_RECEIVE_NET_BUFFER_LISTS FilterReceive;
FILTER_OID_REQUEST FilterOid;
FILTER_STATUS FilterStatus;
PROTOCOL_BIND_ADAPTER_EX ProtBind;
PROTOCOL_UNBIND_ADAPTER_EX ProtUnbind;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX ProtOpenComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX ProtCloseComplete;
PROTOCOL_NET_PNP_EVENT ProtPnp;
PROTOCOL_UNINSTALL ProtUninstall;
PROTOCOL_OID_REQUEST_COMPLETE ProtOidComplete;
PROTOCOL_STATUS_EX ProtStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS ProtReceive;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE ProtSendComplete;
static NDIS_HANDLE gFilterDriver, gProtocol;
static NDIS_SPIN_LOCK gLock;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    NDIS_STRING friendly = NDIS_STRING_CONST("Sample Filter");
    NDIS_STRING unique = NDIS_STRING_CONST("{5cbf81bd-5055-47cd-9055-a76b2b4e3697}");
    NDIS_STRING service = NDIS_STRING_CONST("SampleFilter");
    NDIS_STRING protoName = NDIS_STRING_CONST("SAMPLEPROT");
    UNREFERENCED_PARAMETER(RegistryPath);
    NdisAllocateSpinLock(&gLock);
    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = NDIS_FILTER_MAJOR_VERSION;
    fc.MinorNdisVersion = NDIS_FILTER_MINOR_VERSION;
    fc.FriendlyName = friendly; fc.UniqueName = unique; fc.ServiceName = service;
    fc.AttachHandler = FilterAttach; fc.DetachHandler = FilterDetach;
    fc.RestartHandler = FilterRestart; fc.PauseHandler = FilterPause;
    fc.SendNetBufferListsHandler = FilterSend; fc.ReceiveNetBufferListsHandler = FilterReceive;
    fc.OidRequestHandler = FilterOid; fc.StatusHandler = FilterStatus;
    DriverObject->DriverUnload = Unload;
    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fc, &gFilterDriver);
    if (status != NDIS_STATUS_SUCCESS) { NdisFreeSpinLock(&gLock); return status; }
    NdisZeroMemory(&pc, sizeof(pc));
    pc.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.MajorNdisVersion = NDIS_PROTOCOL_MAJOR_VERSION;
    pc.MinorNdisVersion = NDIS_PROTOCOL_MINOR_VERSION;
    pc.Name = protoName;
    pc.BindAdapterHandlerEx = ProtBind; pc.UnbindAdapterHandlerEx = ProtUnbind;
    pc.OpenAdapterCompleteHandlerEx = ProtOpenComplete; pc.CloseAdapterCompleteHandlerEx = ProtCloseComplete;
    pc.NetPnPEventHandler = ProtPnp; pc.UninstallHandler = ProtUninstall;
    pc.OidRequestCompleteHandler = ProtOidComplete; pc.StatusHandlerEx = ProtStatus;
    pc.ReceiveNetBufferListsHandler = ProtReceive; pc.SendNetBufferListsCompleteHandler = ProtSendComplete;
    status = NdisRegisterProtocolDriver(NULL, &pc, &gProtocol);
    if (status != NDIS_STATUS_SUCCESS) NdisFDeregisterFilterDriver(gFilterDriver);
    return status;
}
VOID Unload(PDRIVER_OBJECT DriverObject)
{ UNREFERENCED_PARAMETER(DriverObject); NdisDeregisterProtocolDriver(gProtocol); NdisFDeregisterFilterDriver(gFilterDriver); NdisFreeSpinLock(&gLock); }
NDIS_STATUS FilterAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext, PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_FILTER_ATTRIBUTES fa;
    UNREFERENCED_PARAMETER(FilterDriverContext); UNREFERENCED_PARAMETER(AttachParameters);
    NdisZeroMemory(&fa, sizeof(fa));
    fa.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    fa.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    fa.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    return NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)&gLock, &fa);
}
VOID FilterReceive(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbls, NDIS_PORT_NUMBER Port, ULONG Count, ULONG Flags)
{ NdisFIndicateReceiveNetBufferLists(Ctx, Nbls, Port, Count, NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(Flags) ? NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL : 0); }
VOID FilterSend(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbls, NDIS_PORT_NUMBER Port, ULONG Flags)
{ NdisFSendNetBufferLists(Ctx, Nbls, Port, Flags); }
EOF

# A KMDF USB driver's device setup (wdfusb.h) and a remote I/O target
# (wdfiotarget.h): the shapes of the osrusbfx2-style samples and DMF.
snippet kmdf_usb_iotarget kernel ntddk.h wdf.h usb.h usbdlib.h wdfusb.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
EVT_WDF_USB_READER_COMPLETION_ROUTINE EvtReadComplete;
typedef struct _CTX { WDFUSBDEVICE Usb; WDFUSBINTERFACE Intf; WDFUSBPIPE In; WDFIOTARGET Target; } CTX, *PCTX;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTX, GetCtx)
VOID EvtReadComplete(WDFUSBPIPE Pipe, WDFMEMORY Buffer, size_t NumBytesTransferred, WDFCONTEXT Context)
{ UNREFERENCED_PARAMETER(Pipe); UNREFERENCED_PARAMETER(Buffer); UNREFERENCED_PARAMETER(NumBytesTransferred); UNREFERENCED_PARAMETER(Context); }
static NTSTATUS PrepareUsb(WDFDEVICE Device, PCTX ctx)
{
    WDF_USB_DEVICE_CREATE_CONFIG cc;
    WDF_USB_DEVICE_INFORMATION info;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS sel;
    WDF_USB_PIPE_INFORMATION pipeInfo;
    WDF_USB_CONTINUOUS_READER_CONFIG reader;
    WDF_USB_CONTROL_SETUP_PACKET setup;
    WDF_MEMORY_DESCRIPTOR md;
    UCHAR i, byte = 0;
    ULONG sent = 0;
    NTSTATUS status;
    WDF_USB_DEVICE_CREATE_CONFIG_INIT(&cc, USBD_CLIENT_CONTRACT_VERSION_602);
    status = WdfUsbTargetDeviceCreateWithParameters(Device, &cc, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Usb);
    if (!NT_SUCCESS(status)) return status;
    WDF_USB_DEVICE_INFORMATION_INIT(&info);
    status = WdfUsbTargetDeviceRetrieveInformation(ctx->Usb, &info);
    if (NT_SUCCESS(status) && (info.Traits & WDF_USB_DEVICE_TRAIT_AT_HIGH_SPEED)) byte = 1;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&sel);
    status = WdfUsbTargetDeviceSelectConfig(ctx->Usb, WDF_NO_OBJECT_ATTRIBUTES, &sel);
    if (!NT_SUCCESS(status)) return status;
    ctx->Intf = sel.Types.SingleInterface.ConfiguredUsbInterface;
    for (i = 0; i < WdfUsbInterfaceGetNumConfiguredPipes(ctx->Intf); i++) {
        WDFUSBPIPE pipe;
        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->Intf, i, &pipeInfo);
        WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(pipe);
        if (pipeInfo.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(pipe)) ctx->In = pipe;
    }
    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&reader, EvtReadComplete, ctx, sizeof(UCHAR));
    status = WdfUsbTargetPipeConfigContinuousReader(ctx->In, &reader);
    if (!NT_SUCCESS(status)) return status;
    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&setup, BmRequestHostToDevice, BmRequestToDevice, 0xD8, 0, 0);
    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&md, &byte, sizeof(byte));
    status = WdfUsbTargetDeviceSendControlTransferSynchronously(ctx->Usb, WDF_NO_HANDLE, NULL, &setup, &md, &sent);
    if (!NT_SUCCESS(status)) return status;
    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->In));
}
static NTSTATUS OpenTarget(WDFDEVICE Device, PCTX ctx)
{
    DECLARE_CONST_UNICODE_STRING(name, L"\\Device\\Sample");
    WDF_IO_TARGET_OPEN_PARAMS open;
    WDF_REQUEST_SEND_OPTIONS options;
    WDF_MEMORY_DESCRIPTOR out;
    ULONG value = 0;
    ULONG_PTR returned = 0;
    NTSTATUS status = WdfIoTargetCreate(Device, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Target);
    if (!NT_SUCCESS(status)) return status;
    WDF_IO_TARGET_OPEN_PARAMS_INIT_OPEN_BY_NAME(&open, &name, GENERIC_READ);
    status = WdfIoTargetOpen(ctx->Target, &open);
    if (!NT_SUCCESS(status)) { WdfObjectDelete(ctx->Target); return status; }
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&options, WDF_REL_TIMEOUT_IN_MS(100));
    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&out, &value, sizeof(value));
    status = WdfIoTargetSendIoctlSynchronously(ctx->Target, NULL, 0x222003, NULL, &out, &options, &returned);
    WdfIoTargetStop(ctx->Target, WdfIoTargetCancelSentIo);
    WdfIoTargetClose(ctx->Target);
    return status;
}
NTSTATUS EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Driver);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CTX);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) return status;
    status = PrepareUsb(device, GetCtx(device));
    return NT_SUCCESS(status) ? OpenTarget(device, GetCtx(device)) : status;
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
EOF

# A UMDF 2 driver reads a USB device's descriptor through wdfusb.h.
snippet umdf_usb user windows.h wdf.h wdfusb.h <<'EOF'
NTSTATUS ReadDescriptor(WDFDEVICE Device, PUSB_DEVICE_DESCRIPTOR Descriptor)
{
    WDFUSBDEVICE usb;
    NTSTATUS status = WdfUsbTargetDeviceCreate(Device, WDF_NO_OBJECT_ATTRIBUTES, &usb);
    if (!NT_SUCCESS(status)) return status;
    WdfUsbTargetDeviceGetDeviceDescriptor(usb, Descriptor);
    return STATUS_SUCCESS;
}
EOF

# NDIS 6.81 filter characteristics (revision 3) and a configuration object, as
# DriverEntry fills them (npcap, xennet).
snippet ndis_filter_synchronous kernel ndis.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
FILTER_SYNCHRONOUS_OID_REQUEST FilterSyncOid;
FILTER_SYNCHRONOUS_OID_REQUEST_COMPLETE FilterSyncOidComplete;
static NDIS_HANDLE gFilter;
NDIS_STATUS FilterSyncOid(NDIS_HANDLE Ctx, PNDIS_OID_REQUEST Oid, PVOID *CallContext)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Oid); *CallContext = NULL; return NDIS_STATUS_SUCCESS; }
VOID FilterSyncOidComplete(NDIS_HANDLE Ctx, PNDIS_OID_REQUEST Oid, NDIS_STATUS *Status, PVOID CallContext)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Oid); UNREFERENCED_PARAMETER(Status); UNREFERENCED_PARAMETER(CallContext); }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_CONFIGURATION_OBJECT co;
    NDIS_HANDLE config;
    NDIS_STATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    NdisZeroMemory(&co, sizeof(co));
    co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    co.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    co.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    co.NdisHandle = (NDIS_HANDLE)DriverObject;
    status = NdisOpenConfigurationEx(&co, &config);
    if (status != NDIS_STATUS_SUCCESS) return status;
    NdisCloseConfiguration(config);
    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_3;
    fc.SynchronousOidRequestHandler = FilterSyncOid;
    fc.SynchronousOidRequestCompleteHandler = FilterSyncOidComplete;
    return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fc, &gFilter);
}
EOF

snippet intrin_first kernel intrin.h ntddk.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
static LONG volatile gBits;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    return InterlockedBitTestAndSet(&gBits, 1) ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
}
EOF

snippet portcls kernel portcls.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE AddDevice;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    KSRTAUDIO_HWLATENCY latency = { 0 };
    OBJECT_ATTRIBUTES oa = RTL_CONSTANT_OBJECT_ATTRIBUTES(RegistryPath, OBJ_KERNEL_HANDLE);
    UNREFERENCED_PARAMETER(latency); UNREFERENCED_PARAMETER(oa);
    return PcInitializeAdapterDriver(DriverObject, RegistryPath, AddDevice);
}
NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject, NULL, 4, 0);
}
EOF

snippet netioapi kernel ntifs.h ndis.h netioapi.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    SOCKADDR_INET address;
    SOCKADDR_IN v4 = { AF_INET, 0 };
    SOCKET_ADDRESS list = { (PSOCKADDR)&v4, sizeof(v4) };
    MIB_IPINTERFACE_ROW row;
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&address, sizeof(address));
    address.si_family = AF_INET6;
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET;
    return list.iSockaddrLength == sizeof(v4) ? GetIpInterfaceEntry(&row) : STATUS_UNSUCCESSFUL;
}
EOF

snippet battery kernel ntddk.h batclass.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    BATTERY_QUERY_INFORMATION query;
    THERMAL_INFORMATION thermal;
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&thermal, sizeof(thermal));
    query.InformationLevel = BatteryInformation;
    return query.InformationLevel == BatteryInformation ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
EOF

snippet umdfhid user windows.h wdf.h hidclass.h hidpi.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    USAGE_AND_PAGE usage = { HID_USAGE_GENERIC_KEYBOARD, HID_USAGE_PAGE_GENERIC };
    HID_COLLECTION_INFORMATION info;
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    info.DescriptorSize = 0;
    return usage.Usage == HID_USAGE_GENERIC_KEYBOARD && !info.DescriptorSize ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
EOF

snippet classpnp kernel ntddk.h classpnp.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    CLASS_INIT_DATA initData;
    RtlZeroMemory(&initData, sizeof(CLASS_INIT_DATA));
    initData.InitializationDataSize = sizeof(CLASS_INIT_DATA);
    initData.FdoData.DeviceType = FILE_DEVICE_DISK;
    initData.FdoData.DeviceCharacteristics = FILE_REMOVABLE_MEDIA;
    return (NTSTATUS)ClassInitialize(DriverObject, RegistryPath, &initData);
}
EOF

# A file system's FCB with the kit's advanced header (oplock in the header since Windows 8)
# and the per-stream context routines that take it.
snippet fsd_fcb kernel ntifs.h <<'EOF'
typedef struct _FCB { FSRTL_ADVANCED_FCB_HEADER Header; FAST_MUTEX Mutex; PVOID Contexts; } FCB, *PFCB;
static VOID FcbSetup(PFCB Fcb, PFILE_OBJECT FileObject)
{
    FsRtlSetupAdvancedHeaderEx(&Fcb->Header, &Fcb->Mutex, &Fcb->Contexts);
    FsRtlInitializeOplock(&Fcb->Header.Oplock);
    Fcb->Header.BypassIoOpenCount = 0;
    (void)FsRtlLookupPerStreamContext(FsRtlGetPerStreamContextPointer(FileObject), NULL, NULL);
    FsRtlTeardownPerStreamContexts(&Fcb->Header);
}
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    FcbSetup(NULL, NULL);
    return STATUS_SUCCESS;
}
EOF

# A thread and a process as the executive returns them, passed to the kernel's routines
# (the kit's PETHREAD is PKTHREAD, its PEPROCESS PKPROCESS; C++ takes no other).
snippet thread_process kernel ntifs.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PETHREAD thread;
    KAPC_STATE state;
    NTSTATUS status = PsLookupThreadByThreadId(ULongToHandle(4), &thread);
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    if (!NT_SUCCESS(status))
        return status;
    KeSetPriorityThread(thread, 8);
    ObDereferenceObject(thread);
    KeStackAttachProcess(PsGetCurrentProcess(), &state);
    KeUnstackDetachProcess(&state);
    return STATUS_SUCCESS;
}
EOF

# RTL_CONSTANT_STRING from a literal and, in C++, from a const array, wide and narrow,
# into an NDIS_STRING (the kit's C++ form casts the constness away; C++ takes no other;
# C only warns, as with the kit).
snippet constant_string kernel ndis.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
#ifdef __cplusplus
static const WCHAR SampleName[] = L"Sample";
static const CHAR Narrow[] = "Narrow";
#else
#define SampleName L"Sample"
#define Narrow "Narrow"
#endif
static NDIS_STRING g_Name = RTL_CONSTANT_STRING(L"Sample");
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STRING name = RTL_CONSTANT_STRING(SampleName);
    ANSI_STRING narrow = RTL_CONSTANT_STRING(Narrow);
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    return name.Length == g_Name.Length && narrow.Length ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
EOF

# What entrycheck writes for the header mc.exe -km generates from an ETW manifest
# (front/etw.c): registration as EtwRegister/EtwUnregister, events as no-effect calls.
snippet etw_manifest kernel ntddk.h entrycheck/etw.h <<'EOF'
ENTRYCHECK_ETW_EXTERN __declspec(selectany) const GUID SAMPLE = { 0xffacc4e7, 0xc115, 0x4fe2, { 0x9d, 0x3c, 0x80, 0xfa, 0xe7, 0x3b, 0xab, 0x91 } };
ENTRYCHECK_ETW_EXTERN __declspec(selectany) REGHANDLE SAMPLEHandle = (REGHANDLE)0;
#define EventRegisterSAMPLE() entrycheck_etw_register(&SAMPLE, &SAMPLEHandle)
#define EventUnregisterSAMPLE() entrycheck_etw_unregister(SAMPLEHandle)
#define EventEnabledLoaded() entrycheck_etw_enabled()
#define EventWriteLoaded(Activity, Field1, Field2) entrycheck_etw_write(Activity, Field1, Field2)
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = EventRegisterSAMPLE();
    UNREFERENCED_PARAMETER(DriverObject);
    if (!NT_SUCCESS(status))
        return status;
    if (EventEnabledLoaded())
        EventWriteLoaded(NULL, "DriverEntry", RegistryPath->Length);
    EventUnregisterSAMPLE();
    return STATUS_SUCCESS;
}
EOF

snippet etw_manifest_user user windows.h entrycheck/etw.h <<'EOF'
ENTRYCHECK_ETW_EXTERN __declspec(selectany) const GUID SAMPLE = { 0 };
ENTRYCHECK_ETW_EXTERN __declspec(selectany) REGHANDLE SAMPLEHandle = (REGHANDLE)0;
int Start(void)
{
    if (entrycheck_etw_register(&SAMPLE, &SAMPLEHandle) != ERROR_SUCCESS)
        return 0;
    entrycheck_etw_write(NULL);
    entrycheck_etw_unregister(SAMPLEHandle);
    return entrycheck_etw_enabled();
}
EOF

# A HID minidriver registering with the class driver (hidport.h), and the
# Auxiliary Kernel-Mode Library's initialization (aux_klib.h): headers mingw lacks.
snippet hid_minidriver kernel wdm.h hidport.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
static NTSTATUS MiniInternalIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PHID_DEVICE_EXTENSION hid = (PHID_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_NOT_SUPPORTED;
    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        status = sizeof(HID_DESCRIPTOR) > sp->Parameters.DeviceIoControl.OutputBufferLength
                     ? STATUS_BUFFER_TOO_SMALL : STATUS_SUCCESS;
        break;
    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        status = sizeof(HID_DEVICE_ATTRIBUTES) > sp->Parameters.DeviceIoControl.OutputBufferLength
                     ? STATUS_BUFFER_TOO_SMALL : STATUS_SUCCESS;
        break;
    case IOCTL_HID_ACTIVATE_DEVICE:
    case IOCTL_HID_DEACTIVATE_DEVICE:
    case IOCTL_HID_SEND_IDLE_NOTIFICATION_REQUEST:
        status = hid->MiniDeviceExtension ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_STATE;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HID_MINIDRIVER_REGISTRATION reg;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = MiniInternalIoctl;
    RtlZeroMemory(&reg, sizeof(reg));
    reg.Revision = HID_REVISION;
    reg.DriverObject = DriverObject;
    reg.RegistryPath = RegistryPath;
    reg.DeviceExtensionSize = sizeof(ULONG);
    reg.DevicesArePolled = FALSE;
    return HidRegisterMinidriver(&reg);
}
EOF

snippet aux_klib kernel ntddk.h aux_klib.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG size = 0;
    NTSTATUS status = AuxKlibInitialize();
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    if (!NT_SUCCESS(status))
        return status;
    status = AuxKlibQueryModuleInformation(&size, sizeof(AUX_MODULE_EXTENDED_INFO), NULL);
    if (NT_SUCCESS(status) && size >= sizeof(AUX_MODULE_EXTENDED_INFO)) {
        PAUX_MODULE_EXTENDED_INFO modules = (PAUX_MODULE_EXTENDED_INFO)ExAllocatePool2(POOL_FLAG_PAGED, size, 'kxuA');
        if (!modules)
            return STATUS_INSUFFICIENT_RESOURCES;
        status = AuxKlibQueryModuleInformation(&size, sizeof(AUX_MODULE_EXTENDED_INFO), modules);
        if (NT_SUCCESS(status) && modules[0].FileNameOffset < AUX_KLIB_MODULE_PATH_LEN &&
            AuxKlibGetImageExportDirectory(modules[0].BasicInfo.ImageBase) == NULL)
            status = STATUS_NOT_FOUND;
        ExFreePoolWithTag(modules, 'kxuA');
    }
    return status;
}
EOF

# A GPIO controller driver registering with GpioClx (gpioclx.h): a header mingw
# lacks, whose registration a KMDF DriverEntry makes and EvtDriverUnload undoes.
snippet gpio_controller kernel ntddk.h wdf.h gpioclx.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD GcAdd;
EVT_WDF_DRIVER_UNLOAD GcUnload;
GPIO_CLIENT_PREPARE_CONTROLLER GcPrepare;
GPIO_CLIENT_QUERY_CONTROLLER_BASIC_INFORMATION GcQuery;
GPIO_CLIENT_ENABLE_INTERRUPT GcEnable;
GPIO_CLIENT_READ_PINS_MASK GcRead;
GPIO_CLIENT_SAVE_BANK_HARDWARE_CONTEXT GcSave;
typedef struct { PVOID Registers; ULONG64 Enabled; } GC_CONTEXT;
NTSTATUS GcPrepare(WDFDEVICE Device, PVOID Context, WDFCMRESLIST Raw, WDFCMRESLIST Translated)
{
    UNREFERENCED_PARAMETER(Device); UNREFERENCED_PARAMETER(Raw);
    ((GC_CONTEXT *)Context)->Registers = NULL;
    return WdfCmResourceListGetCount(Translated) ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}
NTSTATUS GcQuery(PVOID Context, PCLIENT_CONTROLLER_BASIC_INFORMATION Information)
{
    UNREFERENCED_PARAMETER(Context);
    Information->Version = GPIO_CONTROLLER_BASIC_INFORMATION_VERSION;
    Information->Size = sizeof(*Information);
    Information->TotalPins = 32;
    Information->NumberOfPinsPerBank = 32;
    Information->Flags.MemoryMappedController = 1;
    Information->Flags.FormatIoRequestsAsMasks = 1;
    return STATUS_SUCCESS;
}
NTSTATUS GcEnable(PVOID Context, PGPIO_ENABLE_INTERRUPT_PARAMETERS Parameters)
{
    if (Parameters->InterruptMode == Latched && Parameters->Polarity == InterruptActiveBoth)
        return STATUS_NOT_SUPPORTED;
    ((GC_CONTEXT *)Context)->Enabled |= 1ULL << Parameters->PinNumber;
    return STATUS_SUCCESS;
}
NTSTATUS GcRead(PVOID Context, PGPIO_READ_PINS_MASK_PARAMETERS Parameters)
{
    *Parameters->PinValues = ((GC_CONTEXT *)Context)->Enabled;
    return Parameters->Flags.WriteConfiguredPins ? STATUS_SUCCESS : STATUS_SUCCESS;
}
VOID GcSave(PVOID Context, PGPIO_SAVE_RESTORE_BANK_HARDWARE_CONTEXT_PARAMETERS Parameters)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Parameters->Flags.CriticalTransition);
}
NTSTATUS GcAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    NTSTATUS status = GPIO_CLX_ProcessAddDevicePreDeviceCreate(Driver, DeviceInit, &attributes);
    if (!NT_SUCCESS(status))
        return status;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    return NT_SUCCESS(status) ? GPIO_CLX_ProcessAddDevicePostDeviceCreate(Driver, device) : status;
}
VOID GcUnload(WDFDRIVER Driver)
{
    (VOID)GPIO_CLX_UnregisterClient(Driver);
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    GPIO_CLIENT_REGISTRATION_PACKET packet;
    WDFDRIVER driver;
    NTSTATUS status;
    WDF_DRIVER_CONFIG_INIT(&config, GcAdd);
    config.EvtDriverUnload = GcUnload;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status))
        return status;
    RtlZeroMemory(&packet, sizeof(packet));
    packet.Version = GPIO_CLIENT_VERSION;
    packet.Size = sizeof(packet);
    packet.ControllerContextSize = sizeof(GC_CONTEXT);
    packet.CLIENT_PrepareController = GcPrepare;
    packet.CLIENT_QueryControllerBasicInformation = GcQuery;
    packet.CLIENT_EnableInterrupt = GcEnable;
    packet.CLIENT_ReadGpioPinsUsingMask = GcRead;
    packet.CLIENT_SaveBankHardwareContext = GcSave;
    return GPIO_CLX_RegisterClient(driver, &packet, RegistryPath);
}
EOF

# A WFP callout driver and a WSK client (fwpsk.h, fwpmk.h, wsk.h, netioddk.h):
# headers mingw lacks, whose routines a callout or WSK DriverEntry calls.
snippet wfp_callout kernel ntddk.h ndis.h fwpsk.h fwpmk.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
static const GUID key = { 0x5d6b2c1e, 0x7a0f, 0x4b8e, { 0x9c, 0x3d, 0x2e, 0x4f, 0x6a, 0x8b, 0x0c, 0x12 } };
static void NTAPI Classify(const FWPS_INCOMING_VALUES0 *v, const FWPS_INCOMING_METADATA_VALUES0 *m, void *d,
                           const void *cc, const FWPS_FILTER3 *f, UINT64 fc, FWPS_CLASSIFY_OUT0 *o)
{
    UNREFERENCED_PARAMETER(v); UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(cc);
    UNREFERENCED_PARAMETER(f); UNREFERENCED_PARAMETER(fc);
    if (FWPS_IS_METADATA_FIELD_PRESENT(m, FWPS_METADATA_FIELD_PROCESS_ID) && (o->rights & FWPS_RIGHT_ACTION_WRITE))
        o->actionType = FWP_ACTION_PERMIT;
}
static NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE t, const GUID *k, FWPS_FILTER3 *f)
{
    UNREFERENCED_PARAMETER(t); UNREFERENCED_PARAMETER(k); UNREFERENCED_PARAMETER(f);
    return STATUS_SUCCESS;
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    static PDEVICE_OBJECT dev;
    static HANDLE engine, injection;
    static UINT32 id;
    FWPS_CALLOUT callout;
    FWPM_SESSION session;
    FWPM_FILTER filter;
    FWPM_FILTER_CONDITION condition;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&callout, sizeof(callout));
    RtlZeroMemory(&session, sizeof(session));
    RtlZeroMemory(&filter, sizeof(filter));
    RtlZeroMemory(&condition, sizeof(condition));
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, 0, FALSE, &dev);
    if (!NT_SUCCESS(status))
        return status;
    callout.calloutKey = key;
    callout.classifyFn = Classify;
    callout.notifyFn = Notify;
    callout.flags = FWP_CALLOUT_FLAG_ALLOW_OFFLOAD;
    status = FwpsCalloutRegister(dev, &callout, &id);
    if (NT_SUCCESS(status)) {
        session.flags = FWPM_SESSION_FLAG_DYNAMIC;
        status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &engine);
    }
    if (NT_SUCCESS(status)) {
        condition.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
        condition.matchType = FWP_MATCH_EQUAL;
        condition.conditionValue.type = FWP_UINT16;
        condition.conditionValue.uint16 = 53;
        filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
        filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
        filter.action.calloutKey = key;
        filter.filterCondition = &condition;
        filter.numFilterConditions = 1;
        status = FwpmFilterAdd(engine, &filter, NULL, NULL);
    }
    if (NT_SUCCESS(status))
        status = FwpsInjectionHandleCreate(AF_INET, FWPS_INJECTION_TYPE_NETWORK, &injection);
    if (!NT_SUCCESS(status)) {
        FwpmEngineClose(engine);
        FwpsCalloutUnregisterById(id);
        IoDeleteDevice(dev);
    }
    return status;
}
EOF

snippet wsk_client kernel ntddk.h wsk.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
static WSK_REGISTRATION registration;
static WSK_PROVIDER_NPI provider;
static const WSK_CLIENT_DISPATCH dispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };
static NTSTATUS NTAPI Attach(HANDLE binding, PVOID context, PNPI_REGISTRATION_INSTANCE instance)
{
    UNREFERENCED_PARAMETER(binding); UNREFERENCED_PARAMETER(context); UNREFERENCED_PARAMETER(instance);
    return STATUS_SUCCESS;
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WSK_CLIENT_NPI npi = { NULL, &dispatch };
    NPI_CLIENT_CHARACTERISTICS chars = { 0 };
    HANDLE nmr;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    status = WskRegister(&npi, &registration);
    if (!NT_SUCCESS(status))
        return status;
    status = WskCaptureProviderNPI(&registration, WSK_INFINITE_WAIT, &provider);
    if (NT_SUCCESS(status)) {
        PFN_WSK_SOCKET open = provider.Dispatch->WskSocket;
        UNREFERENCED_PARAMETER(open);
        WskReleaseProviderNPI(&registration);
    }
    chars.Length = sizeof(chars);
    chars.ClientAttachProvider = Attach;
    chars.ClientRegistrationInstance.NpiId = &NPI_WSK_INTERFACE_ID;
    status = NmrRegisterClient(&chars, NULL, &nmr);
    if (NT_SUCCESS(status))
        NmrDeregisterClient(nmr);
    WskDeregister(&registration);
    return status;
}
EOF

# The UNICODE_STRING family of ntstrsafe.h, which mingw's copy lacks.
snippet ntstrsafe_unicode kernel ntddk.h ntstrsafe.h <<'EOF'
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    static WCHAR nameBuffer[64];
    WCHAR path[128];
    UNICODE_STRING name, rest;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DriverObject);
    RtlInitEmptyUnicodeString(&name, nameBuffer, sizeof(nameBuffer));
    status = RtlUnicodeStringPrintf(&name, L"\\Device\\Unit%u", 0u);
    if (NT_SUCCESS(status))
        status = RtlUnicodeStringCatStringEx(&name, L"x", &rest, STRSAFE_IGNORE_NULLS);
    if (NT_SUCCESS(status))
        status = RtlStringCchCopyUnicodeStringEx(path, 128, RegistryPath, NULL, NULL, STRSAFE_NO_TRUNCATION);
    if (NT_SUCCESS(status))
        status = RtlUnicodeStringValidate(&name);
    return status;
}
EOF

# Tape and medium changer miniclass drivers: headers mingw has only in part.
snippet tape_miniclass kernel minitape.h <<'EOF'
static BOOLEAN Verify(PINQUIRYDATA Inquiry, PMODE_CAPABILITIES_PAGE Page) { UNREFERENCED_PARAMETER(Page); return Inquiry->DeviceType == 1; }
ULONG DriverEntry(PVOID Argument1, PVOID Argument2)
{
    TAPE_INIT_DATA_EX init;
    TapeClassZeroMemory(&init, sizeof(init));
    init.InitDataSize = sizeof(init);
    init.VerifyInquiry = Verify;
    return TapeClassInitialize(Argument1, Argument2, &init);
}
EOF

snippet changer_miniclass kernel ntddk.h mcd.h <<'EOF'
static ULONG Size(VOID) { return 16; }
EC_EXTERN_C DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    MCD_INIT_DATA init;
    RtlZeroMemory(&init, sizeof(init));
    init.InitDataSize = sizeof(init);
    init.ChangerAdditionalExtensionSize = Size;
    return ChangerClassInitialize(DriverObject, RegistryPath, &init);
}
EOF

snippet static_forceinline kernel ntddk.h entrycheck/msvc.h <<'EOF'
static FORCEINLINE LONG Twice(LONG x) { return x * 2; }
static const char *Where(void) { return "driver|" __FUNCTION__ ": "; }
static const WCHAR *WhereW(void) { return L"driver|" __FUNCTIONW__; }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    return Twice(0) || !Where() || !WhereW() ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
}
EOF

snippet today_wdk kernel ntddk.h ndis.h wdf.h <<'EOF'
EXTERN_C_START
DRIVER_INITIALIZE DriverEntry;
EXTERN_C_END
WDF_EXTERN_C_START
DRIVER_UNLOAD Unload;
WDF_EXTERN_C_END
VOID Unload(PDRIVER_OBJECT DriverObject) { UNREFERENCED_PARAMETER(DriverObject); }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HANDLE key;
    NDIS_CONFIGURATION_OBJECT config;
    NDIS_HANDLE handle;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    if (NdisGetVersion() < NDIS_RUNTIME_VERSION_620 ||
        NdisGetVersion() < ((NDIS_MINIPORT_MINIMUM_MAJOR_VERSION << 16) | NDIS_FILTER_MINIMUM_MINOR_VERSION))
        return NDIS_STATUS_UNSUPPORTED_REVISION;
    status = IoOpenDriverRegistryKey(DriverObject, DriverRegKeyPersistentState, KEY_READ, 0, &key);
    if (!NT_SUCCESS(status))
        return status;
    ZwClose(key);
    config.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    config.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    config.Header.Size = sizeof(config);
    config.NdisHandle = NULL;
    config.Flags = 0;
    if (NdisOpenConfigurationEx(&config, &handle) == NDIS_STATUS_SUCCESS)
        NdisCloseConfiguration(handle);
    DriverObject->DriverUnload = Unload;
    return STATUS_SUCCESS;
}
EOF

SECTION_AT=()   # "index:title" for the section headings printed while classifying
SECTION_AT+=("${#CASE_NAME[@]}:preludes as headers")
for p in kernel user; do
    add_case "entrycheck/$p.h" c   "$OVERLAY/entrycheck/$p.h" -x c-header
    add_case "entrycheck/$p.h" c++ "$OVERLAY/entrycheck/$p.h" -x c++-header -std=c++17
done
# Builds for a Windows before Vista read parts of mingw's headers (and of the
# overlay) that the default version skips: Windows 2000, XP, XP SP2, Server
# 2003 and Server 2003 SP1.
for v in 0x0500:0x05000000 0x0501:0x05010000 0x0501:0x05010200 0x0502:0x05020000 0x0502:0x05020100; do
    vflags=(-D_WIN32_WINNT="${v%%:*}" -DNTDDI_VERSION="${v#*:}")
    add_case "entrycheck/kernel.h NTDDI_VERSION=${v#*:}" c   "$OVERLAY/entrycheck/kernel.h" -x c-header "${vflags[@]}"
    add_case "entrycheck/kernel.h NTDDI_VERSION=${v#*:}" c++ "$OVERLAY/entrycheck/kernel.h" -x c++-header -std=c++17 "${vflags[@]}"
done

# Kernel-mode snippets get _KERNEL_MODE, as entrycheck gives kernel code
# (MSVC's /kernel defines it; front/wdkmodel.c: header_model_mode_args).
mode_flags() { [ "$1" = kernel ] && echo -D_KERNEL_MODE=1; }

SECTION_AT+=("${#CASE_NAME[@]}:snippets (own includes only)")
for s in "${SNIPPETS[@]}"; do
    n="${s%%:*}"; m="${s##*:}"
    add_case "$n" c   "$WORK/$n.c" $(mode_flags "$m")
    add_case "$n" c++ "$WORK/$n.c" $(mode_flags "$m")
done

SECTION_AT+=("${#CASE_NAME[@]}:snippets after the precompiled prelude (simulated with -include)")
for s in "${SNIPPETS[@]}"; do
    n="${s%%:*}"; m="${s##*:}"
    add_case "$n +$m.h" c   "$WORK/$n.c" $(mode_flags "$m") -include "$OVERLAY/entrycheck/$m.h"
    add_case "$n +$m.h" c++ "$WORK/$n.c" $(mode_flags "$m") -include "$OVERLAY/entrycheck/$m.h"
done

run_cases
for i in "${!CASE_NAME[@]}"; do
    for sec in "${SECTION_AT[@]}"; do
        [ "${sec%%:*}" = "$i" ] && echo "== ${sec#*:}"
    done
    classify "$i"
done

echo "== timings (seconds, /usr/bin/time -f %e)"
tm() { /usr/bin/time -f %e -o "$WORK/time.txt" "$@" >/dev/null 2>&1; cat "$WORK/time.txt"; }
echo "parse entrycheck/kernel.h (c):   $(tm "$CLANG" -fsyntax-only "${BASE[@]}" -x c-header "$OVERLAY/entrycheck/kernel.h")"
echo "parse entrycheck/kernel.h (c++): $(tm "$CLANG" -fsyntax-only "${BASE[@]}" -x c++-header -std=c++17 "$OVERLAY/entrycheck/kernel.h")"
echo "parse entrycheck/user.h (c):     $(tm "$CLANG" -fsyntax-only "${BASE[@]}" -x c-header "$OVERLAY/entrycheck/user.h")"
echo "build kernel.h PCH (c):          $(tm "$CLANG" "${BASE[@]}" -x c-header "$OVERLAY/entrycheck/kernel.h" -o "$WORK/kernel.h.pch")"
echo "parse ntddk snippet + PCH (c):   $(tm "$CLANG" -fsyntax-only "${BASE[@]}" -include-pch "$WORK/kernel.h.pch" "$WORK/ntddk.c")"
echo "parse ntddk snippet alone (c):   $(tm "$CLANG" -fsyntax-only "${BASE[@]}" "$WORK/ntddk.c")"

if [ "${#USER_IGNORED[@]}" -gt 0 ]; then
    echo "== tolerated warnings in snippet code (not from the headers)"
    for k in "${!USER_IGNORED[@]}"; do echo "   $k: ${USER_IGNORED[$k]}"; done
fi

if [ "${#MINGW_WARN[@]}" -gt 0 ]; then
    echo "== tolerated -Wall warnings inside mingw-w64 headers (${#MINGW_WARN[@]} distinct)"
    printf '%s\n' "${!MINGW_WARN[@]}" | sed "s|$MINGW/||" | sort | sed 's/^/   /'
fi

if [ "$fail" -ne 0 ]; then
    echo "SELFTEST FAILED"
else
    echo "SELFTEST PASSED"
fi
echo "selftest: $passed passed, $failed failed"
[ "$fail" -eq 0 ]
