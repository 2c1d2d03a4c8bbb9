#include "ctlecho.h"

namespace echo {

WDFDEVICE Device::s_Device = nullptr;

namespace {

// Owns a PWDFDEVICE_INIT until WdfDeviceCreate takes it (and NULLs it).
class InitGuard {
public:
    explicit InitGuard(PWDFDEVICE_INIT& init) : m_init(init) {}
    ~InitGuard()
    {
        if (m_init != nullptr) {
            WdfDeviceInitFree(m_init);
            m_init = nullptr;
        }
    }
    InitGuard(const InitGuard&) = delete;
    InitGuard& operator=(const InitGuard&) = delete;
private:
    PWDFDEVICE_INIT& m_init;
};

ULONGLONG
MsToInterrupt(ULONG ms)
{
    return static_cast<ULONGLONG>(ms) * 10000ULL;
}

} // namespace

NTSTATUS
Device::InitBoard(
    WDFDEVICE Device
    )
{
    auto                  board = GetBoard(Device);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_TIMER_CONFIG      timerConfig;
    NTSTATUS              status;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfSpinLockCreate(&attributes, &board->Lock);
    if (!NT_SUCCESS(status)) {
        EERR("WdfSpinLockCreate 0x%08X", status);
        return status;
    }

    status = WdfLookasideListCreate(&attributes, CTLECHO_MSG_MAX, NonPagedPoolNx,
                                    WDF_NO_OBJECT_ATTRIBUTES, CTLECHO_TAG, &board->Bodies);
    if (!NT_SUCCESS(status)) {
        EERR("WdfLookasideListCreate 0x%08X", status);
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, OnSweep, CTLECHO_SWEEP_MS);
    timerConfig.AutomaticSerialization = FALSE;

    status = WdfTimerCreate(&timerConfig, &attributes, &board->Sweeper);
    if (!NT_SUCCESS(status)) {
        EERR("WdfTimerCreate 0x%08X", status);
        return status;
    }

    board->Head    = 0;
    board->Count   = 0;
    board->Expired = 0;
    return STATUS_SUCCESS;
}

NTSTATUS
Device::Create(
    WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName,  L"\\Device\\CtlEcho");
    DECLARE_CONST_UNICODE_STRING(dosName, L"\\DosDevices\\CtlEcho");

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    WDFDEVICE             device = nullptr;
    NTSTATUS              status;

    PAGED_CODE();

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    {
        InitGuard guard(init);

        WdfDeviceInitSetExclusive(init, FALSE);
        WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

        status = WdfDeviceInitAssignName(init, &ntName);
        if (!NT_SUCCESS(status)) {
            EERR("WdfDeviceInitAssignName 0x%08X", status);
            return status;
        }

        WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, ECHO_BOARD);
        attributes.EvtCleanupCallback = OnCleanup;

        status = WdfDeviceCreate(&init, &attributes, &device);
        if (!NT_SUCCESS(status)) {
            EERR("WdfDeviceCreate 0x%08X", status);
            return status;
        }
    }

    status = InitBoard(device);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        EERR("WdfDeviceCreateSymbolicLink 0x%08X", status);
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead  = OnRead;
    queueConfig.EvtIoWrite = OnWrite;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        EERR("WdfIoQueueCreate 0x%08X", status);
        goto fail;
    }

    WdfControlFinishInitializing(device);

    // everything the sweeper touches exists by now
    WdfTimerStart(GetBoard(device)->Sweeper, WDF_REL_TIMEOUT_IN_MS(CTLECHO_SWEEP_MS));

    s_Device = device;
    ELOG("ready");
    return STATUS_SUCCESS;

fail:
    WdfObjectDelete(device);
    return status;
}

void
Device::Destroy()
{
    PAGED_CODE();

    if (s_Device != nullptr) {
        WdfObjectDelete(s_Device);
        s_Device = nullptr;
    }
}

VOID
Device::OnCleanup(
    _In_ WDFOBJECT Object
    )
{
    auto board = GetBoard(static_cast<WDFDEVICE>(Object));

    // parent cleanup runs before the children go, so the timer is still valid
    if (board->Sweeper != nullptr) {
        WdfTimerStop(board->Sweeper, TRUE);
    }

    for (ULONG i = 0; i < CTLECHO_SLOTS; i++) {
        if (board->Slots[i].Memory != nullptr) {
            WdfObjectDelete(board->Slots[i].Memory);
            board->Slots[i].Memory = nullptr;
        }
    }
    board->Count = 0;
}

VOID
Device::OnSweep(
    _In_ WDFTIMER Timer
    )
{
    auto      board = GetBoard(static_cast<WDFDEVICE>(WdfTimerGetParentObject(Timer)));
    ULONGLONG now   = KeQueryInterruptTime();
    WDFMEMORY dead[CTLECHO_SLOTS];
    ULONG     ndead = 0;

    WdfSpinLockAcquire(board->Lock);
    while (board->Count > 0) {
        Message& m = board->Slots[board->Head];
        if (now - m.Stamp < MsToInterrupt(CTLECHO_TTL_MS)) {
            break;
        }
        dead[ndead++] = m.Memory;
        m.Memory = nullptr;
        board->Head = (board->Head + 1) % CTLECHO_SLOTS;
        board->Count--;
        board->Expired++;
    }
    WdfSpinLockRelease(board->Lock);

    for (ULONG i = 0; i < ndead; i++) {
        WdfObjectDelete(dead[i]);
    }
}

VOID
Device::OnWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    auto      board = GetBoard(WdfIoQueueGetDevice(Queue));
    WDFMEMORY body;
    PVOID     in;
    NTSTATUS  status;

    if (Length == 0 || Length > CTLECHO_MSG_MAX) {
        WdfRequestComplete(Request, STATUS_INVALID_BUFFER_SIZE);
        return;
    }

    status = WdfRequestRetrieveInputBuffer(Request, Length, &in, nullptr);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCreateFromLookaside(board->Bodies, &body);
    }
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    RtlCopyMemory(WdfMemoryGetBuffer(body, nullptr), in, Length);

    WdfSpinLockAcquire(board->Lock);
    if (board->Count == CTLECHO_SLOTS) {
        status = STATUS_DEVICE_BUSY;
    } else {
        Message& m = board->Slots[(board->Head + board->Count) % CTLECHO_SLOTS];
        m.Memory = body;
        m.Length = static_cast<ULONG>(Length);
        m.Stamp  = KeQueryInterruptTime();
        board->Count++;
        body = nullptr;
    }
    WdfSpinLockRelease(board->Lock);

    if (body != nullptr) {
        WdfObjectDelete(body);
        WdfRequestComplete(Request, status);
        return;
    }

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

VOID
Device::OnRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    auto      board = GetBoard(WdfIoQueueGetDevice(Queue));
    WDFMEMORY body  = nullptr;
    ULONG     len   = 0;
    PVOID     out;
    NTSTATUS  status;

    status = WdfRequestRetrieveOutputBuffer(Request, CTLECHO_MSG_MAX, &out, nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(board->Lock);
    if (board->Count > 0) {
        Message& m = board->Slots[board->Head];
        body = m.Memory;
        len  = m.Length;
        m.Memory = nullptr;
        board->Head = (board->Head + 1) % CTLECHO_SLOTS;
        board->Count--;
    }
    WdfSpinLockRelease(board->Lock);

    if (body == nullptr) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    len = static_cast<ULONG>(min(static_cast<size_t>(len), Length));
    RtlCopyMemory(out, WdfMemoryGetBuffer(body, nullptr), len);
    WdfObjectDelete(body);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, len);
}

} // namespace echo
