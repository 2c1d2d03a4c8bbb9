// rb8.h - RB-8 eight channel USB relay board with opto inputs, KMDF
// Copyright (c) 2023 Ostrava Relay Works

#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
}

#include "trace.h"

#define RB8_TAG                 '8BRO'
#define RB8_RELAY_COUNT         8
#define RB8_INPUT_REPORT_BYTES  8
#define RB8_CMD_SET_RELAYS      0xA1
#define RB8_NAME_CCH            64

#define IOCTL_RB8_SET_RELAYS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RB8_GET_INPUTS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

// {D3B07C15-8E2A-4C61-A7F4-29E05B1C6D83}
DEFINE_GUID(GUID_DEVINTERFACE_RB8,
    0xd3b07c15, 0x8e2a, 0x4c61, 0xa7, 0xf4, 0x29, 0xe0, 0x5b, 0x1c, 0x6d, 0x83);

struct RB8_DEVICE_CONTEXT {
    WDFUSBDEVICE    hUsbDevice;
    WDFUSBINTERFACE hInterface;
    WDFUSBPIPE      hInputPipe;         // interrupt IN, opto inputs
    WDFUSBPIPE      hCommandPipe;       // bulk OUT, relay commands
    volatile LONG   lInputs;            // last input bitmap
    UCHAR           ucRelayState;
    BOOLEAN         bReaderReady;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RB8_DEVICE_CONTEXT, Rb8GetContext)

namespace Rb8 {

//
// Driver wide state; the board name is shown by the tray tool and can be
// overridden per machine in the service Parameters key.
//
class CDriverGlobals
{
public:
    static PWCHAR   s_pwszBoardName;
    static ULONG    s_ulDeviceCount;
};

//
// Small owning pointer for pool allocations made before the framework
// driver object exists.
//
template <typename T>
class CPoolPtr
{
public:
    explicit CPoolPtr(T* p = nullptr) : m_p(p) {}
    ~CPoolPtr() { if (m_p != nullptr) { ExFreePoolWithTag(m_p, RB8_TAG); } }
    T* Get() const { return m_p; }
    T* Detach() { T* p = m_p; m_p = nullptr; return p; }
    bool operator!() const { return m_p == nullptr; }
private:
    CPoolPtr(const CPoolPtr&) = delete;
    CPoolPtr& operator=(const CPoolPtr&) = delete;
    T* m_p;
};

class CRelayDevice
{
public:
    static NTSTATUS EvtDeviceAdd(_In_ WDFDRIVER hDriver, _Inout_ PWDFDEVICE_INIT pInit);
    static NTSTATUS EvtPrepareHardware(_In_ WDFDEVICE hDevice, _In_ WDFCMRESLIST hRaw, _In_ WDFCMRESLIST hTrans);
    static NTSTATUS EvtD0Entry(_In_ WDFDEVICE hDevice, _In_ WDF_POWER_DEVICE_STATE ePrev);
    static NTSTATUS EvtD0Exit(_In_ WDFDEVICE hDevice, _In_ WDF_POWER_DEVICE_STATE eTarget);
    static VOID     EvtReadComplete(_In_ WDFUSBPIPE hPipe, _In_ WDFMEMORY hBuffer, _In_ size_t cb, _In_ WDFCONTEXT pCtx);
    static VOID     EvtIoDeviceControl(_In_ WDFQUEUE hQueue, _In_ WDFREQUEST hRequest, _In_ size_t cbOut,
                                       _In_ size_t cbIn, _In_ ULONG ulCode);
private:
    static NTSTATUS SelectPipes(_In_ RB8_DEVICE_CONTEXT* pCtx);
    static NTSTATUS SendRelayState(_In_ RB8_DEVICE_CONTEXT* pCtx, _In_ UCHAR ucState);
};

} // namespace Rb8

extern "C" DRIVER_INITIALIZE DriverEntry;
