import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client';
import { AuthProvider, useAuth } from './auth/auth';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { initI18n } from './i18n';
import { LoginPage } from './pages/LoginPage';
import { TaskDetailPage } from './pages/TaskDetailPage';
import { TasksPage } from './pages/TasksPage';
import { UploadPage } from './pages/UploadPage';
import { WorkCalendarPage } from './pages/WorkCalendarPage';
import { ReminderSettingsPage } from './pages/ReminderSettingsPage';
import { UsersPage } from './pages/UsersPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { ApiTokensPage } from './pages/ApiTokensPage';
import { BureausPage } from './pages/BureausPage';
import { PasswordPage } from './pages/PasswordPage';
import { NewTaskPage } from './pages/NewTaskPage';
import { TaskImportPage } from './pages/TaskImportPage';
import './styles.css';

// The chart and calendar libraries are large: loaded only when those pages open.
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const AuditLineagePage = lazy(() => import('./pages/AuditLineagePage').then((m) => ({ default: m.AuditLineagePage })));
const AuditReportsPage = lazy(() => import('./pages/AuditReportsPage').then((m) => ({ default: m.AuditReportsPage })));
const ReportDetailPage = lazy(() => import('./pages/ReportDetailPage').then((m) => ({ default: m.ReportDetailPage })));
const CalendarPage = lazy(() => import('./pages/CalendarPage').then((m) => ({ default: m.CalendarPage })));

initI18n();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

function RequireLogin({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // After an administrator's reset nothing else answers until the password is changed.
  if (me.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useTranslation();
  return <h1>{t('error.notFound')}</h1>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              path="/password"
              element={
                <RequireLogin>
                  <PasswordPage />
                </RequireLogin>
              }
            />
            <Route
              element={
                <RequireLogin>
                  <Layout />
                </RequireLogin>
              }
            >
              <Route index element={<Navigate to="/tasks" replace />} />
              <Route path="/tasks" element={<TasksPage />} />
              <Route path="/tasks/new" element={<NewTaskPage />} />
              <Route path="/tasks/import" element={<TaskImportPage />} />
              <Route path="/tasks/:id" element={<TaskDetailPage />} />
              <Route path="/upload" element={<UploadPage />} />
              <Route
                path="/audit"
                element={
                  <Suspense fallback={<Loading />}>
                    <AuditPage />
                  </Suspense>
                }
              />
              <Route
                path="/calendar"
                element={
                  <Suspense fallback={<Loading />}>
                    <CalendarPage />
                  </Suspense>
                }
              />
              <Route path="/admin/calendar" element={<WorkCalendarPage />} />
              <Route path="/settings" element={<ReminderSettingsPage />} />
              <Route path="/admin/users" element={<UsersPage />} />
              <Route path="/approvals" element={<ApprovalsPage />} />
              <Route path="/admin/bureaus" element={<BureausPage />} />
              <Route path="/admin/tokens" element={<ApiTokensPage />} />
              <Route
                path="/audit/lineage"
                element={
                  <Suspense fallback={<Loading />}>
                    <AuditLineagePage />
                  </Suspense>
                }
              />
              <Route
                path="/audit/reports"
                element={
                  <Suspense fallback={<Loading />}>
                    <AuditReportsPage />
                  </Suspense>
                }
              />
              <Route
                path="/reports/:id"
                element={
                  <Suspense fallback={<Loading />}>
                    <ReportDetailPage />
                  </Suspense>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </QueryClientProvider>
  </StrictMode>,
);
