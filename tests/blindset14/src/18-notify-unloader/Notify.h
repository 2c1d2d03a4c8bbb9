// Notify.h - NotifyCount: registers every kind of kernel callback it can,
// counts what fires, and takes all of it back on unload.
#pragma once
#include <ntddk.h>

namespace nu {

enum class Reg : ULONG {
    Process = 0,
    Thread,
    Image,
    Registry,
    Object,
    Count
};

constexpr ULONG kCount = static_cast<ULONG>(Reg::Count);
constexpr ULONG Index(Reg r) { return static_cast<ULONG>(r); }
constexpr ULONG Bit(Reg r) { return 1u << Index(r); }

// whatever a registration hands back, one slot per kind
struct Slot {
    LARGE_INTEGER Cookie;       // CmRegisterCallbackEx
    PVOID         Handle;       // ObRegisterCallbacks
};

extern Slot g_Slots[kCount];
extern volatile LONG64 g_Hits[kCount];
extern ULONG g_Active;          // Bit(Reg) for every registration in place

// callbacks (Callbacks.cpp)
void OnProcess(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info);
void OnThread(HANDLE pid, HANDLE tid, BOOLEAN create);
void OnImage(PUNICODE_STRING name, HANDLE pid, PIMAGE_INFO info);
NTSTATUS OnRegistry(PVOID context, PVOID arg1, PVOID arg2);
NTSTATUS RegisterObjectCallbacks();
PCUNICODE_STRING RegistryAltitude();

// the "deleter" for each kind of registration
template <Reg R> struct Unregister;
template <> struct Unregister<Reg::Process>  { static void Undo(); };
template <> struct Unregister<Reg::Thread>   { static void Undo(); };
template <> struct Unregister<Reg::Image>    { static void Undo(); };
template <> struct Unregister<Reg::Registry> { static void Undo(); };
template <> struct Unregister<Reg::Object>   { static void Undo(); };

// undo every registration whose bit is set, newest kind first
void Cleanup(ULONG mask);

// Owns one registration until Release() hands it to g_Active. Going out
// of scope while armed undoes it.
template <Reg R>
class Registration {
public:
    Registration() = default;
    ~Registration() { if (m_armed) Unregister<R>::Undo(); }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

    void Arm() { m_armed = true; }
    bool Armed() const { return m_armed; }
    void Release() {
        if (m_armed) {
            g_Active |= Bit(R);
            m_armed = false;
        }
    }

private:
    bool m_armed = false;
};

} // namespace nu
