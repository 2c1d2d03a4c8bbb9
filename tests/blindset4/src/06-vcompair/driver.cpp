/*
 * driver.cpp - DriverEntry and driver-wide state of VComPair.
 */
#include "vcom.h"

VcomDriver::VcomDriver()
    : m_driver(nullptr), m_lock(nullptr), m_lookaside(nullptr), m_pairCount(0)
{
}

VcomDriver::~VcomDriver()
{
    //
    // m_lock and m_lookaside are children of the driver object and are
    // deleted by the framework; the two arrays free themselves.
    //
}

NTSTATUS
VcomDriver::Initialize(WDFDRIVER driver)
{
    NTSTATUS                status;
    WDF_OBJECT_ATTRIBUTES   attributes;
    DECLARE_CONST_UNICODE_STRING(pairsName, L"PortPairs");

    m_driver = driver;

    {
        KRegKey params;
        ULONG pairs = VCOM_DEFAULT_PAIRS;

        if (NT_SUCCESS(params.OpenDriverParameters(driver))) {
            pairs = params.QueryUlong(&pairsName, VCOM_DEFAULT_PAIRS);
        }
        if (pairs == 0 || pairs > VCOM_MAX_PAIRS) {
            pairs = VCOM_DEFAULT_PAIRS;
        }
        m_pairCount = pairs;
    }   /* params closes here */

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;

    status = WdfSpinLockCreate(&attributes, &m_lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfLookasideListCreate(&attributes, VCOM_RING_BYTES, NonPagedPoolNx,
                                    WDF_NO_OBJECT_ATTRIBUTES, VCOM_TAG, &m_lookaside);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KArrayPtr<VcomPort*> slots(new (POOL_FLAG_NON_PAGED, VCOM_TAG) VcomPort*[m_pairCount * 2]);
    if (!slots) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KArrayPtr<VCOM_PORT_STATS> stats(new (POOL_FLAG_NON_PAGED, VCOM_TAG) VCOM_PORT_STATS[m_pairCount * 2]);
    if (!stats) {
        return STATUS_INSUFFICIENT_RESOURCES;       /* slots frees itself */
    }

    for (ULONG i = 0; i < m_pairCount * 2; i++) {
        slots[i] = nullptr;
        RtlZeroMemory(&stats[i], sizeof(VCOM_PORT_STATS));
    }

    /* Commit: ownership moves into the object only when all succeeded. */
    m_slots.Reset(slots.Release());
    m_stats.Reset(stats.Release());
    return STATUS_SUCCESS;
}

NTSTATUS
VcomDriver::AttachPort(VcomPort* port)
{
    KSpinLockGuard guard(m_lock);

    for (ULONG i = 0; i < m_pairCount * 2; i++) {
        if (m_slots[i] == nullptr) {
            m_slots[i] = port;
            port->SetSlot(i);
            return STATUS_SUCCESS;
        }
    }
    return STATUS_TOO_MANY_NODES;
}

void
VcomDriver::DetachPort(VcomPort* port)
{
    KSpinLockGuard guard(m_lock);

    if (port->Slot() < m_pairCount * 2 && m_slots[port->Slot()] == port) {
        m_slots[port->Slot()] = nullptr;
    }
    port->SetSlot(MAXULONG);
}

VcomPort*
VcomDriver::Partner(VcomPort* port)
{
    KSpinLockGuard guard(m_lock);
    ULONG slot = port->Slot();

    if (slot >= m_pairCount * 2) {
        return nullptr;
    }
    return m_slots[slot ^ 1];
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG       config;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDFDRIVER               driver;
    NTSTATUS                status;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VCOM_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = VcomEvtDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, VcomEvtDeviceAdd);
    config.DriverPoolTag = VCOM_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    VCOM_DRIVER_CONTEXT* ctx = VcomGetDriverContext(driver);

    ctx->Impl = new (POOL_FLAG_NON_PAGED, VCOM_TAG) VcomDriver();
    if (ctx->Impl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    //
    // If this fails the framework deletes the driver object on our way
    // out, and VcomEvtDriverCleanup deletes Impl.
    //
    status = ctx->Impl->Initialize(driver);
    return status;
}

VOID
VcomEvtDriverCleanup(_In_ WDFOBJECT Object)
{
    VCOM_DRIVER_CONTEXT* ctx = VcomGetDriverContext((WDFDRIVER)Object);

    if (ctx->Impl != nullptr) {
        delete ctx->Impl;
        ctx->Impl = nullptr;
    }
}
