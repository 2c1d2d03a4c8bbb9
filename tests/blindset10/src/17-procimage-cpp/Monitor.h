// Monitor.h - owns the two notify registrations for its whole lifetime
#pragma once

#include "Common.h"

namespace procimg {

class Monitor {
public:
    // Registers the process and image callbacks.  Check Status() afterwards;
    // a half constructed Monitor still cleans up after itself when deleted.
    explicit Monitor(State* state);
    ~Monitor();

    Monitor(const Monitor&) = delete;
    Monitor& operator=(const Monitor&) = delete;

    NTSTATUS Status() const { return m_status; }

private:
    static void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO Info);
    static void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

    static State* s_state;      // the callbacks get no context pointer

    NTSTATUS m_status = STATUS_UNSUCCESSFUL;
    bool m_processRegistered = false;
    bool m_imageRegistered = false;
};

} // namespace procimg
