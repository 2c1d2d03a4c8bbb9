#pragma once
//
// EdrLite - a tiny "EDR style" sensor driver written while learning the
// kernel callback APIs. One object owns every registration so that the
// teardown order lives in exactly one place.
//

#include <fltKernel.h>

#define EDR_TAG 'rdEL'

#define EDR_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[edrlite] " fmt "\n", __VA_ARGS__)
#define EDR_ERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[edrlite] " fmt "\n", __VA_ARGS__)

namespace edr {

enum class Step : ULONG {
    None          = 0,
    ProcessNotify = 1u << 0,
    ThreadNotify  = 1u << 1,
    ImageNotify   = 1u << 2,
    ObCallbacks   = 1u << 3,
    FilterRegged  = 1u << 4,
    FilterStarted = 1u << 5,
};

constexpr Step operator|(Step a, Step b) { return static_cast<Step>(static_cast<ULONG>(a) | static_cast<ULONG>(b)); }
constexpr Step operator&(Step a, Step b) { return static_cast<Step>(static_cast<ULONG>(a) & static_cast<ULONG>(b)); }
constexpr Step operator~(Step a) { return static_cast<Step>(~static_cast<ULONG>(a)); }

template <typename E>
constexpr bool Has(E set, E bit) { return (set & bit) != E::None; }

struct Counters {
    volatile LONG ProcessEvents;
    volatile LONG ThreadEvents;
    volatile LONG ImageEvents;
    volatile LONG HandleStrips;
    volatile LONG FileCreates;
};

class Sensors {
public:
    // process / thread / image callbacks (sensors.cpp)
    static VOID OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info);
    static VOID OnThread(HANDLE Pid, HANDLE Tid, BOOLEAN Create);
    static VOID OnImage(PUNICODE_STRING Name, HANDLE Pid, PIMAGE_INFO Info);
    static OB_PREOP_CALLBACK_STATUS OnHandle(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Op);

    static Counters Stats;
    static HANDLE ProtectedPid;
};

class Hub {
public:
    NTSTATUS Init(PDRIVER_OBJECT DriverObject);
    void Shutdown();

    PFLT_FILTER Filter() const { return m_Filter; }

private:
    NTSTATUS RegisterObjectCallbacks();
    NTSTATUS RegisterFileFilter(PDRIVER_OBJECT DriverObject);

    void Mark(Step s) { m_Done = m_Done | s; }
    void Clear(Step s) { m_Done = m_Done & ~s; }

    Step        m_Done = Step::None;
    PVOID       m_ObHandle = nullptr;
    PFLT_FILTER m_Filter = nullptr;
};

extern Hub g_Hub;

// fsfilter.cpp
NTSTATUS FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
extern const FLT_REGISTRATION FilterRegistration;

} // namespace edr
