#pragma once
#include "common.h"

class Protector {
public:
    static constexpr ULONG kMaxPids = 32;

    [[nodiscard]] static NTSTATUS Install();
    static void Uninstall();
    static Protector* Instance() { return s_Instance; }

    bool Add(ULONG pid);
    bool Remove(ULONG pid);
    void Clear();
    bool IsProtected(ULONG pid);

private:
    Protector();

    static OB_PREOP_CALLBACK_STATUS PreProcessHandle(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);

    static Protector* s_Instance;
    static PVOID      s_RegistrationHandle;

    KSPIN_LOCK m_lock;
    ULONG      m_count;
    ULONG      m_pids[kMaxPids];
};
