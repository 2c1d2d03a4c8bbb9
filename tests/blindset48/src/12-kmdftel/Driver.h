//
// Driver.h - KmdfTel: KMDF function driver for the telemetry sensor. Also
// samples system-wide signals (power source, image loads) for its reports.
//
#pragma once

#include <initguid.h>
#include <ntddk.h>
#include <wdf.h>

#define TEL_TAG                 'leTK'
#define TEL_DEFAULT_PERIOD_MS   1000
#define TEL_MIN_PERIOD_MS       100

#define IOCTL_TEL_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

// {9E3B6D14-2A7C-4F85-B1E0-5C8D4A2F7B63}
DEFINE_GUID(GUID_DEVINTERFACE_KMDFTEL,
    0x9e3b6d14, 0x2a7c, 0x4f85, 0xb1, 0xe0, 0x5c, 0x8d, 0x4a, 0x2f, 0x7b, 0x63);

#define TEL_TRACE(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (level), "KmdfTel!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

struct TEL_REPORT {
    ULONG Samples;
    ULONG ImageLoads;
    ULONG OnAc;
    ULONG PeriodMs;
};

struct DEVICE_CONTEXT {
    WDFDEVICE     Device;
    WDFTIMER      SampleTimer;
    volatile LONG Samples;
    volatile LONG LastImageLoads;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

namespace tel {

enum class TelState : LONG { Idle, Running, Stopping };

struct Config {
    static NTSTATUS Load(_In_ WDFDRIVER Driver);
    static ULONG    PeriodMs;
    static ULONG    TrackImages;
};

class Telemetry {
public:
    static NTSTATUS Start();
    static void     Stop();

    static ULONG ImageLoads() { return static_cast<ULONG>(s_ImageLoads); }
    static ULONG OnAc()       { return static_cast<ULONG>(s_OnAc); }

private:
    static NTSTATUS OnPowerSetting(_In_ LPCGUID SettingGuid, _In_reads_bytes_(ValueLength) PVOID Value,
                                   _In_ ULONG ValueLength, _Inout_opt_ PVOID Context);
    static void     OnImageLoad(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                                _In_ PIMAGE_INFO ImageInfo);

    static PVOID         s_PowerHandle;
    static bool          s_ImageNotify;
    static volatile LONG s_State;
    static volatile LONG s_ImageLoads;
    static volatile LONG s_OnAc;
};

// Device.cpp
EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;

} // namespace tel
