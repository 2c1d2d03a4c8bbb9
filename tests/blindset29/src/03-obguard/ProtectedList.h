#pragma once
#include "kcpp.h"

// Set of process ids whose handles are filtered, plus the image name that
// makes a newly started process protected automatically (the game client).
class ProtectedList {
public:
    static constexpr ULONG MaxPids = 64;
    static constexpr USHORT MaxImageChars = 64;

    NTSTATUS Initialize();
    void Destroy();

    bool Contains(HANDLE pid);
    bool Add(HANDLE pid);
    void Remove(HANDLE pid);
    void Clear();

    void SetTargetImage(PCWSTR name, USHORT chars);
    bool MatchesTarget(PCUNICODE_STRING imagePath);

private:
    ERESOURCE m_lock;
    HANDLE*   m_pids;
    ULONG     m_count;
    WCHAR     m_target[MaxImageChars];
    USHORT    m_targetChars;
};

extern ProtectedList g_Protected;
