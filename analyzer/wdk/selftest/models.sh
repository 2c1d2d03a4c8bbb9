# Snippets of analyzer/wdk/selftest.sh (sourced): the driver models' own headers, WDM,
# file system filters, KMDF and UMDF, storage miniports, NDIS and USB, each as a
# DriverEntry of that model includes and fills them.

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

