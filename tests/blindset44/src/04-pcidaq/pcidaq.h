// pcidaq.h - Lumen LX-410 PCIe data acquisition card, KMDF driver
//
// Copyright (C) 2021 Lumen Messtechnik GmbH

#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
}

#define DAQ_TAG                 'qaDL'
#define DAQ_BAR0_MIN_LENGTH     0x1000
#define DAQ_MAX_TRANSFER        (1024 * 1024)
#define DAQ_MAX_SG_ELEMENTS     64
#define DAQ_DESC_RING_BYTES     (DAQ_MAX_SG_ELEMENTS * sizeof(DAQ_SG_DESC))

// BAR0 register map (byte offsets)
#define DAQ_REG_CONTROL         0x000
#define DAQ_REG_STATUS          0x004
#define DAQ_REG_INT_ENABLE      0x008
#define DAQ_REG_INT_STATUS      0x00C
#define DAQ_REG_DESC_LO         0x010
#define DAQ_REG_DESC_HI         0x014
#define DAQ_REG_DESC_COUNT      0x018
#define DAQ_REG_DMA_GO          0x01C

#define DAQ_INT_DMA_DONE        0x00000001
#define DAQ_INT_FIFO_OVERRUN    0x00000002
#define DAQ_INT_ALL             (DAQ_INT_DMA_DONE | DAQ_INT_FIFO_OVERRUN)
#define DAQ_CTRL_RESET          0x80000000
#define DAQ_CTRL_ACQ_ENABLE     0x00000001

#if DBG
#define DAQ_TRACE(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, _lvl, "LX410: %s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)
#else
#define DAQ_TRACE(_lvl, _fmt, ...)
#endif

#define DAQ_RETURN_IF_FAILED(_status, _what)                                \
    do {                                                                    \
        if (!NT_SUCCESS(_status)) {                                         \
            DAQ_TRACE(DPFLTR_ERROR_LEVEL, "%s -> 0x%08X", _what, _status);  \
            return (_status);                                               \
        }                                                                   \
    } while (0)

#pragma pack(push, 4)
struct DAQ_SG_DESC {
    ULONG64 ullAddress;
    ULONG   ulLength;
    ULONG   ulFlags;        // bit0 = last
};
#pragma pack(pop)

namespace Lumen {

class CDaqDevice
{
public:
    // framework entry points (static, forward to the instance)
    static NTSTATUS EvtDeviceAdd(_In_ WDFDRIVER hDriver, _Inout_ PWDFDEVICE_INIT pDeviceInit);
    static VOID     EvtDeviceCleanup(_In_ WDFOBJECT hObject);
    static NTSTATUS EvtPrepareHardware(_In_ WDFDEVICE hDevice, _In_ WDFCMRESLIST hRaw, _In_ WDFCMRESLIST hTranslated);
    static NTSTATUS EvtReleaseHardware(_In_ WDFDEVICE hDevice, _In_ WDFCMRESLIST hTranslated);
    static NTSTATUS EvtInterruptEnable(_In_ WDFINTERRUPT hInterrupt, _In_ WDFDEVICE hDevice);
    static NTSTATUS EvtInterruptDisable(_In_ WDFINTERRUPT hInterrupt, _In_ WDFDEVICE hDevice);
    static BOOLEAN  EvtInterruptIsr(_In_ WDFINTERRUPT hInterrupt, _In_ ULONG ulMessageId);
    static VOID     EvtInterruptDpc(_In_ WDFINTERRUPT hInterrupt, _In_ WDFOBJECT hAssociated);
    static VOID     EvtIoRead(_In_ WDFQUEUE hQueue, _In_ WDFREQUEST hRequest, _In_ size_t cbLength);
    static BOOLEAN  EvtProgramDma(_In_ WDFDMATRANSACTION hTransaction, _In_ WDFDEVICE hDevice,
                                  _In_ WDFCONTEXT pContext, _In_ WDF_DMA_DIRECTION eDirection,
                                  _In_ PSCATTER_GATHER_LIST pSgList);

    static CDaqDevice* FromDevice(_In_ WDFDEVICE hDevice);

    void* operator new(size_t cb);
    void  operator delete(void* pv);

private:
    explicit CDaqDevice(WDFDEVICE hDevice);
    ~CDaqDevice() {}

    NTSTATUS Initialize();
    NTSTATUS MapResources(WDFCMRESLIST hTranslated);
    VOID     UnmapResources();

    ULONG  ReadReg(ULONG ulOffset) const
    { return READ_REGISTER_ULONG(reinterpret_cast<volatile ULONG*>(m_pucBar0 + ulOffset)); }
    VOID   WriteReg(ULONG ulOffset, ULONG ulValue)
    { WRITE_REGISTER_ULONG(reinterpret_cast<volatile ULONG*>(m_pucBar0 + ulOffset), ulValue); }

    WDFDEVICE           m_hDevice;
    WDFINTERRUPT        m_hInterrupt;
    WDFDMAENABLER       m_hDmaEnabler;
    WDFCOMMONBUFFER     m_hDescRing;
    WDFDMATRANSACTION   m_hTransaction;
    WDFQUEUE            m_hReadQueue;
    PUCHAR              m_pucBar0;
    SIZE_T              m_cbBar0;
    DAQ_SG_DESC*        m_pDescRing;
    PHYSICAL_ADDRESS    m_paDescRing;
    ULONG               m_ulIntStatus;      // latched by ISR for DPC
    ULONG               m_ulOverruns;
};

} // namespace Lumen

struct DAQ_DEVICE_CONTEXT {
    Lumen::CDaqDevice* pDevice;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DAQ_DEVICE_CONTEXT, DaqGetContext)

extern "C" DRIVER_INITIALIZE DriverEntry;

// {4F9A2C61-0E7B-4D3A-B5C8-6A1D2E3F4B50}
DEFINE_GUID(GUID_DEVINTERFACE_LX410,
    0x4f9a2c61, 0x0e7b, 0x4d3a, 0xb5, 0xc8, 0x6a, 0x1d, 0x2e, 0x3f, 0x4b, 0x50);
