#pragma once
#include "Common.hpp"

namespace mrw::mem
{
    // owns a PEPROCESS reference for the lifetime of the object
    class ProcessRef
    {
    public:
        explicit ProcessRef(HANDLE pid)
        {
            m_status = PsLookupProcessByProcessId(pid, &m_process);
            if (!NT_SUCCESS(m_status)) {
                m_process = nullptr;
            }
        }
        ~ProcessRef()
        {
            if (m_process) {
                ObDereferenceObject(m_process);
            }
        }
        ProcessRef(const ProcessRef&) = delete;
        ProcessRef& operator=(const ProcessRef&) = delete;

        NTSTATUS  Status() const { return m_status; }
        PEPROCESS Get() const    { return m_process; }

    private:
        PEPROCESS m_process = nullptr;
        NTSTATUS  m_status  = STATUS_UNSUCCESSFUL;
    };

    NTSTATUS Initialize();
    void     Shutdown();
    NTSTATUS Copy(_In_ const CopyRequest& req, _In_ bool toTarget);
}
