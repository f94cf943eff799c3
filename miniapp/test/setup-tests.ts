import '@testing-library/jest-dom';
import { resetTaroMock } from './mocks/taro';

beforeEach(() => resetTaroMock());
