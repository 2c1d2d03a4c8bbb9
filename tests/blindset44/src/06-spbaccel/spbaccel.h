// spbaccel.h -- Vireo VA-3D I2C accelerometer, KMDF peripheral driver
//               (SPB connection + GPIO interrupt from ACPI _CRS)
//
// Copyright (c) 2022 Vireo Sensing Inc.

#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <reshub.h>
#include <spb.h>
}

#define VA_TAG                      '3aVV'
#define VA_REG_WHO_AM_I             0x0F
#define VA_REG_CTRL1                0x20
#define VA_REG_INT_SRC              0x31
#define VA_REG_OUT_X_L              0x28
#define VA_WHO_AM_I_VALUE           0x33
#define VA_CTRL1_100HZ_XYZ          0x57
#define VA_CTRL1_POWER_DOWN         0x00
#define VA_AUTO_INCREMENT           0x80

#define VA_LOG(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl), "VA3D %s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)
#define VA_INFO(_fmt, ...)   VA_LOG(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)
#define VA_ERROR(_fmt, ...)  VA_LOG(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)

#define VA_CHECK(_st, _what)                                        \
    if (!NT_SUCCESS(_st)) {                                         \
        VA_ERROR("%s failed 0x%08X", (_what), (_st));               \
        return (_st);                                               \
    }

namespace Vireo {

struct SAMPLE {
    SHORT sX;
    SHORT sY;
    SHORT sZ;
};

class CAccelDevice
{
public:
    static NTSTATUS EvtDeviceAdd(_In_ WDFDRIVER hDriver, _Inout_ PWDFDEVICE_INIT pInit);
    static VOID     EvtDeviceContextCleanup(_In_ WDFOBJECT hObject);
    static NTSTATUS EvtPrepareHardware(_In_ WDFDEVICE hDevice, _In_ WDFCMRESLIST hRaw, _In_ WDFCMRESLIST hTrans);
    static NTSTATUS EvtReleaseHardware(_In_ WDFDEVICE hDevice, _In_ WDFCMRESLIST hTrans);
    static NTSTATUS EvtD0Entry(_In_ WDFDEVICE hDevice, _In_ WDF_POWER_DEVICE_STATE ePrev);
    static NTSTATUS EvtD0Exit(_In_ WDFDEVICE hDevice, _In_ WDF_POWER_DEVICE_STATE eTarget);
    static BOOLEAN  EvtInterruptIsr(_In_ WDFINTERRUPT hInterrupt, _In_ ULONG ulMessageId);

    explicit CAccelDevice(_In_ WDFDEVICE hDevice);
    ~CAccelDevice();

    VOID OnSystemPowerChange(_In_ BOOLEAN bEnteringSleep);

    LIST_ENTRY      m_leLink;           // g_DriverState device list

private:
    NTSTATUS OpenSpbTarget();
    NTSTATUS WriteRegister(UCHAR ucReg, UCHAR ucValue);
    NTSTATUS ReadRegisters(UCHAR ucReg, PUCHAR pucBuf, ULONG cbBuf);

    WDFDEVICE       m_hDevice;
    WDFIOTARGET     m_hSpbTarget;
    WDFINTERRUPT    m_hInterrupt;
    LARGE_INTEGER   m_liConnectionId;
    BOOLEAN         m_bHaveConnection;
    BOOLEAN         m_bSuspendPending;
    SAMPLE          m_stLast;
    ULONG           m_ulSamples;
};

//
// Driver wide state (static members only, no instance)
//
class CDriverState
{
public:
    static KSPIN_LOCK           s_slDevices;
    static LIST_ENTRY           s_leDevices;
    static PCALLBACK_OBJECT     s_pPowerCallbackObject;
    static PVOID                s_pvPowerCallbackHandle;

    static NTSTATUS RegisterPowerCallback();
    static VOID     AddDevice(_In_ CAccelDevice* pDev);
    static VOID     RemoveDevice(_In_ CAccelDevice* pDev);

    static CALLBACK_FUNCTION PowerStateCallback;
};

} // namespace Vireo

typedef Vireo::CAccelDevice VA_DEVICE;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VA_DEVICE, VaGetDevice)

// placement form only, the object lives in the WDFDEVICE context
inline void* __cdecl operator new(size_t, void* pvWhere) noexcept { return pvWhere; }
inline void  __cdecl operator delete(void*, void*) noexcept {}
