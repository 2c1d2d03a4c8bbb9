/*
 * vcom.h - VComPair: pairs of virtual serial ports wired back to back.
 * Whatever is written to COMx comes out of its partner port.
 */
#pragma once

#include "kutil.h"
#include <ntddser.h>

#define VCOM_TAG            'moCV'
#define VCOM_MAX_PAIRS      16
#define VCOM_DEFAULT_PAIRS  2
#define VCOM_RING_BYTES     4096

struct VCOM_PORT_STATS {
    ULONG64 BytesWritten;
    ULONG64 BytesRead;
    ULONG   Overruns;
};

class VcomPort;

/*
 * Driver-wide state. One instance, created in DriverEntry and destroyed by
 * the driver object's cleanup callback.
 */
class VcomDriver {
public:
    VcomDriver();
    ~VcomDriver();

    NTSTATUS Initialize(WDFDRIVER driver);

    NTSTATUS AttachPort(VcomPort* port);
    void DetachPort(VcomPort* port);
    VcomPort* Partner(VcomPort* port);

    ULONG PairCount() const { return m_pairCount; }
    WDFLOOKASIDE Lookaside() const { return m_lookaside; }
    VCOM_PORT_STATS* Stats(ULONG slot) { return &m_stats[slot]; }

private:
    WDFDRIVER                   m_driver;
    WDFSPINLOCK                 m_lock;
    WDFLOOKASIDE                m_lookaside;
    ULONG                       m_pairCount;
    KArrayPtr<VcomPort*>        m_slots;
    KArrayPtr<VCOM_PORT_STATS>  m_stats;
};

struct VCOM_DRIVER_CONTEXT {
    VcomDriver* Impl;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VCOM_DRIVER_CONTEXT, VcomGetDriverContext)

class VcomPort {
public:
    explicit VcomPort(WDFDEVICE device) : m_device(device), m_slot(MAXULONG),
        m_head(0), m_tail(0), m_lock(nullptr), m_readQueue(nullptr) {}

    NTSTATUS Initialize();
    void Push(const UCHAR* data, size_t length, VCOM_PORT_STATS* stats);
    size_t Pop(UCHAR* data, size_t length);
    void ServiceReads();

    WDFDEVICE Device() const { return m_device; }
    ULONG Slot() const { return m_slot; }
    void SetSlot(ULONG slot) { m_slot = slot; }
    WDFQUEUE ReadQueue() const { return m_readQueue; }
    void SetReadQueue(WDFQUEUE q) { m_readQueue = q; }

private:
    WDFDEVICE   m_device;
    ULONG       m_slot;
    ULONG       m_head;
    ULONG       m_tail;
    WDFSPINLOCK m_lock;
    WDFQUEUE    m_readQueue;
    UCHAR       m_ring[VCOM_RING_BYTES];
};

struct VCOM_DEVICE_CONTEXT {
    VcomPort* Port;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VCOM_DEVICE_CONTEXT, VcomGetDeviceContext)

extern "C" DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP VcomEvtDriverCleanup;
EVT_WDF_DRIVER_DEVICE_ADD VcomEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP VcomEvtDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_WRITE VcomEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL VcomEvtIoDeviceControl;

inline VcomDriver* VcomGetDriver()
{
    return VcomGetDriverContext(WdfGetDriver())->Impl;
}
