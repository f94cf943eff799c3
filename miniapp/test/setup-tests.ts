import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import { resetTaroMock } from './mocks/taro';

// Taro's web components render asynchronously; on a busy 2-core machine 1 s is not always enough.
configure({ asyncUtilTimeout: 5000 });

beforeEach(() => resetTaroMock());
