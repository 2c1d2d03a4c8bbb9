# Snippets of analyzer/wdk/selftest.sh (sourced): device classes and the kit's other
# headers a DriverEntry reaches (audio, battery, HID, storage classes, file system
# internals, ETW, GPIO, WFP and WSK, safe strings, tape and changers).

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

# A virtual HID source (VHF) creates its device under the KMDF device's WDM
# device object and starts it.
snippet vhf_source kernel wdf.h vhf.h <<'EOF'
NTSTATUS StartGamepad(WDFDEVICE Device, PUCHAR Descriptor, USHORT Length, VHFHANDLE *Vhf)
{
    VHF_CONFIG config;
    VHF_CONFIG_INIT(&config, WdfDeviceWdmGetDeviceObject(Device), Length, Descriptor);
    NTSTATUS status = VhfCreate(&config, Vhf);
    if (!NT_SUCCESS(status)) return status;
    status = VhfStart(*Vhf);
    if (!NT_SUCCESS(status)) VhfDelete(*Vhf, TRUE);
    return status;
}
EOF

# KMDF DMA: a scatter/gather enabler, a transaction and its program routine.
snippet kmdf_dma kernel wdf.h <<'EOF'
EVT_WDF_PROGRAM_DMA ProgramDma;
BOOLEAN ProgramDma(WDFDMATRANSACTION Transaction, WDFDEVICE Device, WDFCONTEXT Context,
                   WDF_DMA_DIRECTION Direction, PSCATTER_GATHER_LIST SgList)
{ UNREFERENCED_PARAMETER(Transaction); UNREFERENCED_PARAMETER(Device); UNREFERENCED_PARAMETER(Context);
  UNREFERENCED_PARAMETER(Direction); UNREFERENCED_PARAMETER(SgList); return TRUE; }
NTSTATUS SetupDma(WDFDEVICE Device, WDFREQUEST Request)
{
    WDF_DMA_ENABLER_CONFIG config;
    WDFDMAENABLER enabler;
    WDFDMATRANSACTION transaction;
    WdfDeviceSetAlignmentRequirement(Device, FILE_QUAD_ALIGNMENT);
    WDF_DMA_ENABLER_CONFIG_INIT(&config, WdfDmaProfileScatterGather64, 65536);
    NTSTATUS status = WdfDmaEnablerCreate(Device, &config, WDF_NO_OBJECT_ATTRIBUTES, &enabler);
    if (!NT_SUCCESS(status)) return status;
    status = WdfDmaTransactionCreate(enabler, WDF_NO_OBJECT_ATTRIBUTES, &transaction);
    if (!NT_SUCCESS(status)) return status;
    status = WdfDmaTransactionInitializeUsingRequest(transaction, Request, ProgramDma,
                                                     WdfDmaDirectionReadFromDevice);
    if (!NT_SUCCESS(status)) return status;
    return WdfDmaTransactionExecute(transaction, NULL);
}
EOF
